import Foundation
import GavelCore
import GavelProtocol

/// The displays list for people, one connection a line (`gavel displays`).
enum DisplayTable {
    static func render(_ list: DisplayList) -> [String] {
        guard !list.displays.isEmpty else { return ["No displays connected."] }
        let header = ["VIEW", "LANGUAGE", "ADDRESS", "PROTOCOL", "OFFSET", "ROUND TRIP", "LAST SEEN", "CONNECTED FOR"]
        let rows = list.displays.map { entry -> [String] in
            let display = entry.display
            return [
                display?.view ?? entry.kind, display?.language ?? "—", entry.address, entry.protocol,
                display?.clockOffsetMs.map(offset) ?? "—", display?.roundTripMs.map(milliseconds) ?? "—",
                ago(list.serverTime - entry.lastSeen), span(list.serverTime - entry.connectedAt),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        // Numbers right-aligned, so that their units line up.
        let numeric: Set<Int> = [4, 5, 6, 7]
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { column, cell in
                cell.padded(to: widths[column], right: numeric.contains(column))
            }
            .joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(header)] + rows.map(line)
    }

    /// "+12.5 ms", "−600.0 s": signed, as the daemon's clock is ahead (+) or behind.
    static func offset(_ ms: Double) -> String {
        (ms < 0 ? "−" : "+") + milliseconds(abs(ms))
    }

    /// "3.1 ms" below a second, "1.25 s" up to a minute, "600 s" beyond.
    static func milliseconds(_ ms: Double) -> String {
        switch ms {
        case ..<1000: String(format: "%.1f ms", ms)
        case ..<60_000: String(format: "%.2f s", ms / 1000)
        default: String(format: "%.0f s", ms / 1000)
        }
    }

    /// "2 s ago".
    static func ago(_ duration: Duration) -> String {
        span(duration) + " ago"
    }

    /// "45 s", "12 min", "2 h 05 min": whole units, rounded down.
    static func span(_ duration: Duration) -> String {
        let seconds = max(0, duration.milliseconds / 1000)
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        default: return "\(seconds / 3600) h " + String(format: "%02d min", Int(seconds % 3600 / 60))
        }
    }
}
