import GavelCore
import GavelProtocol

/// How gavel writes the meeting's times and names for people: clock times in the venue's zone,
/// durations as a clock (`4:05`, `1:55:00`), drift in minutes, long titles shortened.
struct MeetingText {
    let zone: VenueTimeZone?

    init(_ state: StateMessage) {
        zone = VenueTimeZone(identifier: state.meeting.timeZone)
    }

    init(timeZone: String) {
        zone = VenueTimeZone(identifier: timeZone)
    }

    /// `10:45:02`, in the venue's zone (UTC, marked `Z`, if the zone is unknown here).
    func time(_ instant: Instant) -> String {
        guard let zone else { return utc(instant).paddedWithSeconds + "Z" }
        return zone.time(at: instant).paddedWithSeconds
    }

    /// `10:45`, for planned and projected times.
    func shortTime(_ instant: Instant) -> String {
        guard let zone else { return hoursAndMinutes(utc(instant)) + "Z" }
        return hoursAndMinutes(zone.time(at: instant))
    }

    private func hoursAndMinutes(_ time: LocalTime) -> String {
        let text = time.paddedWithSeconds
        return String(text.prefix(5))
    }

    private func utc(_ instant: Instant) -> LocalTime {
        let seconds = Int((instant.millisecondsSinceEpoch / 1000) % 86_400 + 86_400) % 86_400
        return LocalTime(secondsSinceMidnight: seconds) ?? LocalTime(secondsSinceMidnight: 0)!
    }

    /// `4:05` for time left, whole seconds rounded up so `0:00` shows exactly at time-up (as the
    /// displays do); `+0:42` once over, rounded down.
    static func remaining(ms: Int64) -> String {
        ms < 0 ? "+" + clock(ms: -ms) : clock(ms: ms + 999)
    }

    /// `4:05`, `1:55:00`: a duration as a clock, whole seconds rounded down.
    static func clock(ms: Int64) -> String {
        DurationText.clock(.milliseconds(ms))
    }

    /// `3m`, `1m30s`: a duration as the chair types it.
    static func compact(ms: Int64) -> String {
        DurationText.compact(.milliseconds(ms))
    }

    /// `7 min behind`, `2 min ahead`, `40s behind`, `1h5m behind`, `on time`.
    static func drift(ms: Int64) -> String {
        guard let amount = driftAmount(ms: ms) else { return "on time" }
        return "\(amount) \(ms > 0 ? "behind" : "ahead")"
    }

    /// `7 min`, `40s`, `1h5m`; nil under 30 seconds, which a chair reads as on time.
    static func driftAmount(ms: Int64) -> String? {
        let magnitude = abs(ms)
        guard magnitude >= 30_000 else { return nil }
        if magnitude < 90_000 { return "\(magnitude / 1000)s" }
        let minutes = (magnitude + 30_000) / 60_000
        return minutes < 60 ? "\(minutes) min" : DurationText.compact(.seconds(minutes * 60))
    }

    /// `item 2 (Panel Discussion: Best practices to support …)`.
    static func item(id: String, title: String, limit: Int = 48) -> String {
        "item \(id) (\(shortened(title, to: limit)))"
    }

    /// The text, cut at a word boundary with `…` if longer than `limit` characters.
    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        var cut = String(text.prefix(limit - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        while let last = cut.last, last == " " || last == "," || last == ":" || last == ";" { cut.removeLast() }
        return cut + "…"
    }

    /// A level as the displays label it, for people who cannot tell the colours apart.
    static func label(_ level: AlertLevel) -> String {
        switch level {
        case .normal: ""
        case .warning: "WARNING"
        case .wrapUp: "WRAP UP"
        case .timeUp: "TIME"
        case .overrun: "OVER"
        }
    }

    /// `1 speaker`, `3 speakers`.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}

extension StateMessage.Thresholds {
    /// The level of a timer with `remainingMs` left, as docs/protocol.md defines it (and as the
    /// display page computes it while counting down locally).
    func level(remainingMs: Int64) -> AlertLevel {
        if remainingMs > warningMs { return .normal }
        if remainingMs > wrapUpMs { return .warning }
        if remainingMs > 0 { return .wrapUp }
        if remainingMs > -timeUpHoldMs { return .timeUp }
        return .overrun
    }
}
