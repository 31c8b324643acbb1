/// The textual forms of a duration that people type and read: `90s`, `2m`, `1m30s`, `1:30`.
public enum DurationText {
    /// The forms `parse` accepts, for usage messages.
    public static let acceptedForms = "90s, 2m, 1m30s, 1h, 1h15m or 1:30 (minutes:seconds)"

    /// Parses a non-negative duration, or returns nil.
    ///
    /// Accepted: a sequence of `<number><unit>` with units `h`, `m`, `s` in that order, each at
    /// most once (`1h15m`, `1m30s`, `90s`); `M:SS` or `H:MM:SS`. A bare number is rejected
    /// because `2` could mean seconds or minutes and a chair must not be misread.
    public static func parse(_ text: some StringProtocol) -> Duration? {
        let text = text.trimmingSpaces.lowercased()
        guard !text.isEmpty, text.count <= 32 else { return nil }
        if text.contains(":") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            // At most six leading digits, as for `1h`: more overflowed the arithmetic (a crash).
            guard parts.count == 2 || parts.count == 3, parts[0].count <= 6,
                parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
                parts.dropFirst().allSatisfy({ $0.count == 2 })
            else { return nil }
            let numbers = parts.compactMap { Int($0) }
            guard numbers.count == parts.count, numbers.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
            let seconds = numbers.reduce(0) { $0 * 60 + $1 }
            return .seconds(seconds)
        }
        var total = 0
        var number = ""
        var lastUnitRank = -1
        for character in text {
            if character.isASCIIDigit {
                number.append(character)
                guard number.count <= 6 else { return nil }
                continue
            }
            let rank: Int
            let scale: Int
            switch character {
            case "h": (rank, scale) = (0, 3600)
            case "m": (rank, scale) = (1, 60)
            case "s": (rank, scale) = (2, 1)
            default: return nil
            }
            guard let value = Int(number), rank > lastUnitRank else { return nil }
            total += value * scale
            number = ""
            lastUnitRank = rank
        }
        guard number.isEmpty, lastUnitRank >= 0 else { return nil }
        return .seconds(total)
    }

    /// The compact form used in agendas and commands: `3m`, `1m30s`, `45s`, `1h5m`.
    public static func compact(_ duration: Duration) -> String {
        let totalSeconds = duration.wholeSeconds
        if totalSeconds == 0 { return "0s" }
        let sign = totalSeconds < 0 ? "-" : ""
        let magnitude = abs(totalSeconds)
        let (h, m, s) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60)
        var text = sign
        if h > 0 { text += "\(h)h" }
        if m > 0 { text += "\(m)m" }
        if s > 0 { text += "\(s)s" }
        return text
    }

    /// The clock form shown on displays and reports: `4:05`, `1:02:03`, `-0:30`.
    public static func clock(_ duration: Duration) -> String {
        let totalSeconds = duration.wholeSeconds
        let sign = totalSeconds < 0 ? "-" : ""
        let magnitude = abs(totalSeconds)
        let (h, m, s) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(sign)\(h):\(two(m)):\(two(s))" : "\(sign)\(m):\(two(s))"
    }
}
