import GavelCore

/// The two-item council sitting in Geneva that the state and room-summary tests run.
enum CouncilAgenda {
    static let date = LocalDate(year: 2026, month: 1, day: 5)!

    static var agenda: Agenda {
        Agenda(
            title: "Council",
            date: date,
            venue: "Palais des Nations, Geneva",
            timeZone: "Europe/Zurich",
            defaults: AgendaDefaults(speakerTime: .minutes(3)),
            items: [
                AgendaItem(
                    id: "1",
                    title: "Opening",
                    date: date,
                    start: LocalTime(canonical: "09:00")!,
                    end: LocalTime(canonical: "09:10")!
                ),
                AgendaItem(
                    id: "2",
                    title: "Debate",
                    date: date,
                    start: LocalTime(canonical: "09:10")!,
                    end: LocalTime(canonical: "10:00")!
                ),
            ]
        )
    }

    /// `time` ("09:05") on the sitting's day, in Geneva.
    static func instant(_ time: String) -> Instant {
        agenda.venueTimeZone.instant(on: date, at: LocalTime(canonical: time)!)
    }
}
