import Foundation
import Synchronization

/// Converts between the agenda's local wall-clock times and instants, in the venue's zone.
///
/// Planned times are kept as local times plus an IANA zone and converted here with
/// Foundation's calendar, so a daylight-saving day stays right. This is pure computation:
/// it reads no clock.
public struct VenueTimeZone: Sendable, Hashable {
    public let identifier: String
    let zone: TimeZone
    /// The Gregorian calendar in `zone`, made once: a state message converts every item's planned
    /// times, and making the calendar (and the zone, see `known`) cost more than converting.
    private let calendar: Calendar
    /// The instants converted so far: a state message converts every item's planned start and
    /// end, and the calendar's conversion was a tenth of a command's work.
    private let instants: InstantCache

    /// The zones made so far, by identifier: one per venue in practice, and at most the zone
    /// database's few hundred names, since only zones that resolve are kept.
    private static let known = Mutex<[String: VenueTimeZone]>([:])

    /// Returns nil when `identifier` is not an IANA zone this system knows.
    public init?(identifier: String) {
        if let known = Self.known.withLock({ $0[identifier] }) {
            self = known
            return
        }
        guard let made = Self(resolving: identifier) else { return nil }
        Self.known.withLock { $0[identifier] = made }
        self = made
    }

    private init?(resolving identifier: String) {
        // TimeZone(identifier:) also accepts abbreviations such as "EST"; a meeting needs a
        // real IANA zone so daylight saving is applied, so insist on an Area/Location name (or
        // UTC). The known-identifiers list is not the test: on Linux it lacks current names such
        // as Asia/Kolkata that the zone database resolves.
        let isRegionName = identifier.contains("/") && !identifier.hasPrefix("/") && !identifier.contains("..")
        guard isRegionName || identifier == "UTC" || identifier == "GMT",
            let zone = TimeZone(identifier: identifier)
        else { return nil }
        self.identifier = identifier
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
        instants = InstantCache()
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.identifier == rhs.identifier }

    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// The instant at which the venue's clocks show `time` on `date`.
    ///
    /// In a spring-forward gap the time does not exist; the calendar moves it forward by the
    /// gap, which is what a programme printed for that day means.
    public func instant(on date: LocalDate, at time: LocalTime) -> Instant {
        let key = Int64(date.daysSinceEpoch) * 86_400 + Int64(time.secondsSinceMidnight)
        if let known = instants.instant(for: key) { return known }
        let instant = convert(date, time)
        instants.remember(instant, for: key)
        return instant
    }

    private func convert(_ date: LocalDate, _ time: LocalTime) -> Instant {
        var components = DateComponents()
        components.year = date.year
        components.month = date.month
        components.day = date.day
        components.hour = time.hour
        components.minute = time.minute
        components.second = time.second
        let resolved = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        return Instant(millisecondsSinceEpoch: Int64((resolved.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The venue's calendar date at `instant`.
    public func date(at instant: Instant) -> LocalDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant.date)
        return LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? LocalDate(daysSinceEpoch: 0)
    }

    /// The venue's time of day at `instant`, to the second.
    public func time(at instant: Instant) -> LocalTime {
        let parts = calendar.dateComponents([.hour, .minute, .second], from: instant.date)
        return LocalTime(hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0)
            ?? LocalTime(secondsSinceMidnight: 0)!
    }

    /// The offset from UTC at `instant`, as ISO 8601 writes it: `-04:00`.
    public func isoOffset(at instant: Instant) -> String {
        let seconds = zone.secondsFromGMT(for: instant.date)
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return String(format: "%@%02d:%02d", sign, magnitude / 3600, magnitude / 60 % 60)
    }

    /// `2018-05-21T10:00:00-04:00`: the instant in venue time with its offset.
    public func iso8601(_ instant: Instant) -> String {
        "\(date(at: instant))T\(time(at: instant).paddedWithSeconds)\(isoOffset(at: instant))"
    }
}

extension Instant {
    /// The instant as a Foundation date (for formatting at the edges).
    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    public init(_ date: Date) {
        self.init(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}

extension LocalTime {
    /// Always `HH:MM:SS`.
    public var paddedWithSeconds: String { String(format: "%02d:%02d:%02d", hour, minute, second) }
}

/// Local times already converted to instants in one zone, by their seconds on a naive clock
/// (days since 1970 times 86,400 plus the time of day). Shared by the copies of a zone; bounded,
/// since a zone lives as long as the process.
private final class InstantCache: Sendable {
    private let instants = Mutex<[Int64: Instant]>([:])
    /// Far more than an agenda's items' starts and ends on the days it is planned for.
    private static let limit = 4096

    func instant(for key: Int64) -> Instant? {
        instants.withLock { $0[key] }
    }

    func remember(_ instant: Instant, for key: Int64) {
        instants.withLock {
            if $0.count >= Self.limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = instant
        }
    }
}
