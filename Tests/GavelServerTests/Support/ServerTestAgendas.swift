import GavelCore

enum ServerTestAgendas {
    static let day = LocalDate(year: 2026, month: 3, day: 10)!

    /// Three items in Geneva from 09:00; a speaker's floor time warns at 4 s and wraps up at 2 s.
    static var geneva: Agenda {
        func time(_ text: String) -> LocalTime { LocalTime(canonical: text)! }
        return Agenda(
            title: "Sitting",
            date: day,
            timeZone: "Europe/Zurich",
            defaults: AgendaDefaults(
                floorAlerts: AlertThresholds(
                    warning: .seconds(4),
                    wrapUp: .seconds(2),
                    reminderEvery: .seconds(60)
                )
            ),
            items: [
                AgendaItem(id: "1", title: "Opening", date: day, start: time("09:00"), end: time("09:10")),
                AgendaItem(id: "2", title: "Debate", date: day, start: time("09:10"), end: time("09:40")),
                AgendaItem(id: "3", title: "Closing", date: day, start: time("09:40"), end: time("10:00")),
            ]
        )
    }

    /// 09:00 in Geneva on the agenda's day.
    static var nine: Instant {
        geneva.venueTimeZone.instant(on: day, at: LocalTime(canonical: "09:00")!)
    }
}
