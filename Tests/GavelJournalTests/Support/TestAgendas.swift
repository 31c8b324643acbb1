import GavelCore

/// Agendas built in code, so the journal's tests depend on no importer and no file.
enum TestAgendas {
    static let date = LocalDate(year: 2026, month: 3, day: 10)!

    static func time(_ text: String) -> LocalTime { LocalTime(canonical: text)! }

    /// Three short items in Geneva.
    static var short: Agenda {
        Agenda(
            title: "Short meeting",
            date: date,
            timeZone: "Europe/Zurich",
            items: [
                AgendaItem(id: "1", title: "First", date: date, start: time("09:00"), end: time("09:10")),
                AgendaItem(id: "2", title: "Second", date: date, start: time("09:10"), end: time("09:30")),
                AgendaItem(id: "3", title: "Third", date: date, start: time("09:30"), end: time("10:00")),
            ]
        )
    }

    /// Every optional part of an agenda filled in, non-ASCII text and a placeholder included, so
    /// a round trip that drops anything shows.
    static var full: Agenda {
        Agenda(
            title: "Hearing on “migration” – day 2",
            subtitle: "Lessons from the field",
            date: date,
            venue: "Conference Room 4, New York",
            timeZone: "America/New_York",
            defaults: AgendaDefaults(
                speakerTime: .minutes(5),
                itemAlerts: AlertThresholds(warning: .minutes(3), wrapUp: .minutes(1), reminderEvery: .minutes(2)),
                floorAlerts: AlertThresholds(
                    warning: .seconds(45),
                    wrapUp: .seconds(15),
                    reminderEvery: .seconds(30)
                )
            ),
            items: [
                AgendaItem(
                    id: "opening",
                    title: "Opening",
                    date: date,
                    start: time("10:00"),
                    end: time("10:40"),
                    people: [
                        Person(name: "H.E. Mr. Miroslav Lajčák", role: .chair, position: "President"),
                        Person(name: "Ms. Louise Arbour", role: .speaker, speakingTime: .minutes(7)),
                        .placeholder(.speaker, position: "Migrant perspective"),
                    ],
                    speakerTime: .minutes(4),
                    alerts: AlertThresholds(warning: .minutes(5), wrapUp: .minutes(2), reminderEvery: .minutes(1)),
                    notes: "Interpretation in all six languages"
                ),
                AgendaItem(
                    id: "break-1",
                    title: "Break",
                    kind: .break,
                    date: date,
                    start: time("10:40"),
                    end: time("10:45:30")
                ),
            ]
        )
    }
}
