import GavelCore
import GavelProtocol

/// A meeting driven in code with a manual clock, for tests of what gavel prints: three items in
/// Geneva on 10 March 2026 from 09:00 (UTC+1), with alerts a test can cross in seconds.
struct TestMeeting {
    static let date = LocalDate(year: 2026, month: 3, day: 10)!
    static let zone = VenueTimeZone(identifier: "Europe/Zurich")!

    var state: MeetingState
    var seq: Int64 = 0

    init() {
        func item(_ id: String, _ title: String, _ start: String, _ end: String) -> AgendaItem {
            AgendaItem(
                id: id,
                title: title,
                date: Self.date,
                start: LocalTime(canonical: start)!,
                end: LocalTime(canonical: end)!
            )
        }
        let agenda = Agenda(
            title: "Short meeting",
            date: Self.date,
            venue: "Palais des Nations, Geneva",
            timeZone: "Europe/Zurich",
            defaults: AgendaDefaults(speakerTime: .minutes(3)),
            items: [
                item("1", "Opening", "09:00", "09:10"),
                item(
                    "2",
                    "Panel Discussion: Best practices to support safe, orderly and regular migration",
                    "09:10",
                    "09:30"
                ),
                item("3", "Closing", "09:30", "10:00"),
            ]
        )
        state = MeetingState(agenda: agenda)
    }

    /// The instant the venue's clocks show `time` on the meeting's day.
    static func at(_ time: String) -> Instant {
        zone.instant(on: date, at: LocalTime(canonical: time)!)
    }

    /// Applies `command` at `time` (HH:MM or HH:MM:SS, venue time).
    mutating func apply(_ command: MeetingCommand, at time: String) throws {
        let events = try state.apply(command, now: Self.at(time))
        seq += Int64(events.count)
    }

    /// The state message a daemon would send at `time`.
    func message(at time: String) -> StateMessage {
        StateMessage(state: state, meetingID: 1, seq: seq, at: Self.at(time))
    }
}
