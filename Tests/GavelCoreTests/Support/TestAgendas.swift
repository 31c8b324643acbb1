import GavelCore

/// Agendas built in code, so core tests depend on no file and no importer.
enum TestAgendas {
    static let hearingDate = LocalDate(year: 2018, month: 5, day: 21)!

    /// The hearing of 21 May 2018 at UN Headquarters, as its programme plans it.
    static var hearing: Agenda {
        func item(
            _ id: String,
            _ title: String,
            _ kind: AgendaItem.Kind = .session,
            _ start: String,
            _ end: String,
            _ people: [Person] = []
        ) -> AgendaItem {
            AgendaItem(
                id: id,
                title: title,
                kind: kind,
                date: hearingDate,
                start: LocalTime(canonical: start)!,
                end: LocalTime(canonical: end)!,
                people: people
            )
        }
        return Agenda(
            title: "Fifth informal interactive multi-stakeholder hearing",
            subtitle: "Migration – What’s Really Going On: Lessons from the field",
            date: hearingDate,
            venue: "Conference Room 4, UN Headquarters, New York",
            timeZone: "America/New_York",
            defaults: AgendaDefaults(speakerTime: .minutes(5)),
            items: [
                item(
                    "1",
                    "Opening of the multi-stakeholder hearing",
                    .session,
                    "10:00",
                    "10:40",
                    [
                        Person(
                            name: "H.E. Mr. Miroslav Lajčák",
                            role: .speaker,
                            position: "President of the General Assembly"
                        ),
                        Person(name: "Ms. Louise Arbour", role: .speaker),
                        Person(name: "Mr. William Lacy Swing", role: .speaker),
                        .placeholder(.speaker, position: "Migrant Perspective"),
                    ]
                ),
                item("break-1", "Break", .break, "10:40", "10:45"),
                item(
                    "2",
                    "Panel Discussion: Best practices to support safe, orderly and regular migration",
                    .session,
                    "10:45",
                    "12:40",
                    [.placeholder(.panellist), .placeholder(.moderator)]
                ),
                item("3", "Closing of the multi-stakeholder hearing", .session, "12:40", "13:00"),
            ]
        )
    }

    /// Three short items in Geneva, for tests that need no particular programme.
    static var short: Agenda {
        let date = LocalDate(year: 2026, month: 3, day: 10)!
        return Agenda(
            title: "Short meeting",
            date: date,
            timeZone: "Europe/Zurich",
            items: [
                AgendaItem(
                    id: "1",
                    title: "First",
                    date: date,
                    start: LocalTime(canonical: "09:00")!,
                    end: LocalTime(canonical: "09:10")!
                ),
                AgendaItem(
                    id: "2",
                    title: "Second",
                    date: date,
                    start: LocalTime(canonical: "09:10")!,
                    end: LocalTime(canonical: "09:30")!
                ),
                AgendaItem(
                    id: "3",
                    title: "Third",
                    date: date,
                    start: LocalTime(canonical: "09:30")!,
                    end: LocalTime(canonical: "10:00")!
                ),
            ]
        )
    }
}
