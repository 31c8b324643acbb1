/// Time zones of the cities where intergovernmental meetings usually sit, so that a programme
/// that names its venue ("UN Headquarters, New York") needs no zone of its own.
enum VenueTimeZones {
    /// Lower-cased city names (and a few landmarks) to IANA zones.
    static let table: [(place: String, zone: String)] = [
        ("new york", "America/New_York"), ("un headquarters", "America/New_York"),
        ("washington", "America/New_York"), ("montreal", "America/Toronto"), ("montréal", "America/Toronto"),
        ("ottawa", "America/Toronto"), ("toronto", "America/Toronto"), ("chicago", "America/Chicago"),
        ("san francisco", "America/Los_Angeles"), ("los angeles", "America/Los_Angeles"),
        ("mexico city", "America/Mexico_City"), ("santiago", "America/Santiago"),
        ("buenos aires", "America/Argentina/Buenos_Aires"), ("brasília", "America/Sao_Paulo"),
        ("brasilia", "America/Sao_Paulo"), ("são paulo", "America/Sao_Paulo"), ("panama", "America/Panama"),
        ("geneva", "Europe/Zurich"), ("genève", "Europe/Zurich"), ("geneve", "Europe/Zurich"),
        ("palais des nations", "Europe/Zurich"), ("bern", "Europe/Zurich"), ("zurich", "Europe/Zurich"),
        ("vienna", "Europe/Vienna"), ("wien", "Europe/Vienna"), ("bonn", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"), ("paris", "Europe/Paris"), ("strasbourg", "Europe/Paris"),
        ("brussels", "Europe/Brussels"), ("bruxelles", "Europe/Brussels"), ("luxembourg", "Europe/Luxembourg"),
        ("the hague", "Europe/Amsterdam"), ("amsterdam", "Europe/Amsterdam"), ("london", "Europe/London"),
        ("dublin", "Europe/Dublin"), ("rome", "Europe/Rome"), ("madrid", "Europe/Madrid"),
        ("lisbon", "Europe/Lisbon"), ("copenhagen", "Europe/Copenhagen"), ("stockholm", "Europe/Stockholm"),
        ("oslo", "Europe/Oslo"), ("helsinki", "Europe/Helsinki"), ("warsaw", "Europe/Warsaw"),
        ("prague", "Europe/Prague"), ("budapest", "Europe/Budapest"), ("athens", "Europe/Athens"),
        ("istanbul", "Europe/Istanbul"), ("moscow", "Europe/Moscow"), ("kyiv", "Europe/Kyiv"),
        ("nairobi", "Africa/Nairobi"), ("addis ababa", "Africa/Addis_Ababa"), ("cairo", "Africa/Cairo"),
        ("johannesburg", "Africa/Johannesburg"), ("pretoria", "Africa/Johannesburg"),
        ("dakar", "Africa/Dakar"), ("abuja", "Africa/Lagos"), ("lagos", "Africa/Lagos"),
        ("beirut", "Asia/Beirut"), ("amman", "Asia/Amman"), ("dubai", "Asia/Dubai"), ("doha", "Asia/Qatar"),
        ("riyadh", "Asia/Riyadh"), ("tehran", "Asia/Tehran"), ("new delhi", "Asia/Kolkata"),
        ("delhi", "Asia/Kolkata"), ("mumbai", "Asia/Kolkata"), ("bangkok", "Asia/Bangkok"),
        ("jakarta", "Asia/Jakarta"), ("singapore", "Asia/Singapore"), ("kuala lumpur", "Asia/Kuala_Lumpur"),
        ("manila", "Asia/Manila"), ("beijing", "Asia/Shanghai"), ("shanghai", "Asia/Shanghai"),
        ("hong kong", "Asia/Hong_Kong"), ("seoul", "Asia/Seoul"), ("tokyo", "Asia/Tokyo"),
        ("sydney", "Australia/Sydney"), ("canberra", "Australia/Sydney"), ("wellington", "Pacific/Auckland"),
        ("auckland", "Pacific/Auckland"),
    ]

    /// The zone of the first known place named in `venue`, matched on whole words.
    static func zone(forVenue venue: String) -> String? {
        // Accents folded: "Panamá", "Bogotá", "Montréal" match the table's plain spellings too.
        let folded = venue.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let words = " " + folded.lowercased().map { $0.isLetter ? $0 : " " }.reduce(into: "") { $0.append($1) } + " "
        let collapsed = words.split(separator: " ").joined(separator: " ")
        let padded = " \(collapsed) "
        return table.first {
            padded.contains(" \($0.place.folding(options: [.diacriticInsensitive], locale: nil)) ")
        }?.zone
    }
}
