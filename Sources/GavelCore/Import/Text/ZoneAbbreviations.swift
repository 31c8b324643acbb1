import Foundation

/// The zone abbreviations programmes print after their times (`0900-1030 GMT`), and the IANA
/// zone each is read as.
///
/// An abbreviation names an offset, not a place, so reading one takes a rule:
/// - When the venue's zone uses the abbreviation's offset at some time of year (a Geneva
///   programme saying CET, a London one saying GMT, even in summer), the venue's zone is
///   meant: it carries the daylight-saving rules that the abbreviation leaves out.
/// - Otherwise the abbreviation's usual zone: UTC for both UTC and GMT (GMT taken literally,
///   without summer time), Europe/Paris for CET/CEST, America/New_York for EST/EDT, ...
/// - `UTC+2` and `GMT-5` are offsets, not places: they are read as the venue's zone when it has
///   that offset, and otherwise left for the user to name (a fixed offset has no summer time).
/// - IST (India, Ireland or Israel) is read only through the venue.
/// Every reading comes with a warning that says what was assumed and how to say otherwise.
enum ZoneAbbreviations {
    struct Entry {
        /// Offsets from UTC in minutes that the abbreviation may stand for.
        var offsets: [Int]
        /// The zone assumed when the venue does not decide; nil when there is no fair guess.
        var zone: String?
        var name: String
    }

    static let table: [String: Entry] = [
        "UTC": Entry(offsets: [0], zone: "UTC", name: "Coordinated Universal Time"),
        "GMT": Entry(offsets: [0], zone: "UTC", name: "Greenwich Mean Time"),
        "BST": Entry(offsets: [60], zone: "Europe/London", name: "British Summer Time"),
        "WET": Entry(offsets: [0], zone: "Europe/Lisbon", name: "Western European Time"),
        "WEST": Entry(offsets: [60], zone: "Europe/Lisbon", name: "Western European Summer Time"),
        "CET": Entry(offsets: [60], zone: "Europe/Paris", name: "Central European Time"),
        "CEST": Entry(offsets: [120], zone: "Europe/Paris", name: "Central European Summer Time"),
        "EET": Entry(offsets: [120], zone: "Europe/Athens", name: "Eastern European Time"),
        "EEST": Entry(offsets: [180], zone: "Europe/Athens", name: "Eastern European Summer Time"),
        "MSK": Entry(offsets: [180], zone: "Europe/Moscow", name: "Moscow Time"),
        "EST": Entry(offsets: [-300], zone: "America/New_York", name: "Eastern Standard Time"),
        "EDT": Entry(offsets: [-240], zone: "America/New_York", name: "Eastern Daylight Time"),
        "ET": Entry(offsets: [-300, -240], zone: "America/New_York", name: "Eastern Time"),
        "CST": Entry(offsets: [-360, 480], zone: "America/Chicago", name: "Central Standard Time"),
        "CDT": Entry(offsets: [-300], zone: "America/Chicago", name: "Central Daylight Time"),
        "MST": Entry(offsets: [-420], zone: "America/Denver", name: "Mountain Standard Time"),
        "MDT": Entry(offsets: [-360], zone: "America/Denver", name: "Mountain Daylight Time"),
        "PST": Entry(offsets: [-480], zone: "America/Los_Angeles", name: "Pacific Standard Time"),
        "PDT": Entry(offsets: [-420], zone: "America/Los_Angeles", name: "Pacific Daylight Time"),
        "EAT": Entry(offsets: [180], zone: "Africa/Nairobi", name: "East Africa Time"),
        "CAT": Entry(offsets: [120], zone: "Africa/Maputo", name: "Central Africa Time"),
        "WAT": Entry(offsets: [60], zone: "Africa/Lagos", name: "West Africa Time"),
        "SAST": Entry(offsets: [120], zone: "Africa/Johannesburg", name: "South African Standard Time"),
        "GST": Entry(offsets: [240], zone: "Asia/Dubai", name: "Gulf Standard Time"),
        "PKT": Entry(offsets: [300], zone: "Asia/Karachi", name: "Pakistan Standard Time"),
        "IST": Entry(offsets: [330, 60, 120], zone: nil, name: "India, Irish or Israel Standard Time"),
        "ICT": Entry(offsets: [420], zone: "Asia/Bangkok", name: "Indochina Time"),
        "WIB": Entry(offsets: [420], zone: "Asia/Jakarta", name: "Western Indonesia Time"),
        "SGT": Entry(offsets: [480], zone: "Asia/Singapore", name: "Singapore Time"),
        "HKT": Entry(offsets: [480], zone: "Asia/Hong_Kong", name: "Hong Kong Time"),
        "JST": Entry(offsets: [540], zone: "Asia/Tokyo", name: "Japan Standard Time"),
        "KST": Entry(offsets: [540], zone: "Asia/Seoul", name: "Korea Standard Time"),
        "AEST": Entry(offsets: [600], zone: "Australia/Sydney", name: "Australian Eastern Standard Time"),
        "AEDT": Entry(offsets: [660], zone: "Australia/Sydney", name: "Australian Eastern Daylight Time"),
        "NZST": Entry(offsets: [720], zone: "Pacific/Auckland", name: "New Zealand Standard Time"),
        "NZDT": Entry(offsets: [780], zone: "Pacific/Auckland", name: "New Zealand Daylight Time"),
    ]

    static func isKnown(_ abbreviation: String) -> Bool { table[abbreviation] != nil }

    /// What an abbreviation (or `UTC+2`) is read as, and the warning that says so.
    struct Reading: Equatable {
        var zone: String?
        var warning: String
    }

    /// Reads `suffix` for a meeting at `venue` in `year` (for the venue's offsets in winter and summer).
    static func read(_ suffix: String, venue: String?, year: Int) -> Reading {
        let base = String(suffix.prefix(while: { $0.isLetter }))
        let offsetText = suffix.dropFirst(base.count)
        if !offsetText.isEmpty {
            return fixedOffset(suffix, offset: offsetText, venue: venue, year: year)
        }
        guard let entry = table[base] else {
            return Reading(zone: nil, warning: "'\(suffix)' is not a time zone Gavel knows; it was ignored")
        }
        if base != "UTC", let venue, let venueZone = VenueTimeZones.zone(forVenue: venue),
            !Set(entry.offsets).isDisjoint(with: yearlyOffsets(of: venueZone, year: year))
        {
            return venueReading(base, venueZone)
        }
        guard let zone = entry.zone else {
            return Reading(
                zone: nil,
                warning: "'\(base)' may mean \(entry.name); add a line such as "
                    + "'Time zone: Asia/Kolkata' to say which"
            )
        }
        if base == "GMT" {
            return Reading(
                zone: zone,
                warning: "times marked 'GMT' are read as UTC, with no summer time; "
                    + "for a meeting in the UK, Ireland or Portugal add a line such as 'Time zone: Europe/London'"
            )
        }
        if base == "UTC" {
            return Reading(zone: zone, warning: "times marked 'UTC' are read as UTC")
        }
        return Reading(
            zone: zone,
            warning: "times marked '\(base)' (\(entry.name)) are read in \(zone); "
                + "if the meeting is elsewhere, add a line such as 'Time zone: Europe/Zurich'"
        )
    }

    /// `UTC+2` names an offset, not a place, and Gavel keeps only real places' zones (they
    /// carry daylight-saving rules): the venue's zone when it has that offset, UTC for `+0`.
    private static func fixedOffset(_ suffix: String, offset: Substring, venue: String?, year: Int) -> Reading {
        let sign = offset.first == "+" ? 1 : -1
        let parts = offset.dropFirst().split(separator: ":")
        let hours = parts.first.flatMap { Int($0) } ?? 0
        let minutes = sign * (hours * 60 + (parts.dropFirst().first.flatMap { Int($0) } ?? 0))
        if let venue, let venueZone = VenueTimeZones.zone(forVenue: venue),
            yearlyOffsets(of: venueZone, year: year).contains(minutes)
        {
            return venueReading(suffix, venueZone)
        }
        if minutes == 0 {
            return Reading(zone: "UTC", warning: "times marked '\(suffix)' are read as UTC")
        }
        return Reading(
            zone: nil,
            warning: "'\(suffix)' is an offset, not a place; add a line such as "
                + "'Time zone: Europe/Zurich' naming the meeting's zone"
        )
    }

    private static func venueReading(_ suffix: String, _ zone: String) -> Reading {
        Reading(zone: zone, warning: "times marked '\(suffix)' are read in \(zone), the venue's time zone")
    }

    /// The zone's offsets from UTC, in minutes, in mid-January and mid-July of `year`.
    private static func yearlyOffsets(of identifier: String, year: Int) -> Set<Int> {
        guard let zone = TimeZone(identifier: identifier) else { return [] }
        var offsets: Set<Int> = []
        for month in [1, 7] {
            guard let date = LocalDate(year: year, month: month, day: 15) else { continue }
            let instant = Date(timeIntervalSince1970: Double(date.daysSinceEpoch) * 86_400 + 43_200)
            offsets.insert(zone.secondsFromGMT(for: instant) / 60)
        }
        return offsets
    }
}
