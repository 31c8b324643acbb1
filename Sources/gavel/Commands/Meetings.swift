import ArgumentParser
import Foundation
import GavelClient
import GavelCore
import GavelProtocol

/// `gavel meetings`: the daemon's meeting history.
struct Meetings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meetings",
        abstract: "List the meetings in the daemon's journal.",
        discussion: """
            Times are UTC (ISO 8601). With --json, prints the daemon's answer as it sent it: \
            {"meetings":[{"id":N,"title":TEXT,"createdAt":MS,"startedAt":MS|null,"endedAt":MS|null,\
            "eventCount":N,"current":BOOL}]}.
            """
    )

    @OptionGroup var client: ClientOptions

    func run() throws {
        guard
            let list = try Remote.listing(
                MeetingList.self,
                at: APIPath.meetings,
                what: "meeting list",
                notFound: "no meetings",
                client,
                decoder: JSONDecoder()
            )
        else { return }
        Console.write(MeetingTable.render(list.meetings).joined(separator: "\n") + "\n")
    }
}

/// `GET /api/v1/meetings`.
struct MeetingList: Decodable {
    var meetings: [Entry]

    struct Entry: Decodable {
        var id: Int64
        var title: String
        var createdAt: Instant?
        var startedAt: Instant?
        var endedAt: Instant?
        var eventCount: Int?
        var current: Bool?
    }
}

/// The meeting list for people, one meeting a line, newest last.
enum MeetingTable {
    static func render(_ meetings: [MeetingList.Entry]) -> [String] {
        guard !meetings.isEmpty else { return ["No meetings yet."] }
        let header = ["ID", "TITLE", "CREATED (UTC)", "STARTED", "ENDED", "EVENTS", ""]
        let rows = meetings.map { meeting -> [String] in
            [
                String(meeting.id), MeetingText.shortened(meeting.title, to: 44),
                meeting.createdAt.map(utc) ?? "—", meeting.startedAt.map(utc) ?? "—", meeting.endedAt.map(utc) ?? "—",
                meeting.eventCount.map(String.init) ?? "", meeting.current == true ? "current" : "",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                text +=
                    (column == 0 || column == 5
                        ? cell.padded(to: widths[column], right: true) : cell.padded(to: widths[column]))
                if column < cells.count - 1 { text += "  " }
            }
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(header)] + rows.map(line)
    }

    /// `2026-11-29T14:58:00Z`.
    static func utc(_ instant: Instant) -> String {
        guard let zone = VenueTimeZone(identifier: "UTC") else { return "\(instant.millisecondsSinceEpoch)" }
        return "\(zone.date(at: instant))T\(zone.time(at: instant).paddedWithSeconds)Z"
    }
}

/// Turning a daemon's HTTP error answer into a failure.
enum HTTPAnswer {
    /// gaveld answers errors with its JSON error object; anything else is not gaveld (a web
    /// server, a proxy) and is reported as unreachable, like a failed WebSocket handshake.
    /// - Parameters:
    ///   - notFound: what a 404 means for this request ("no meeting 7").
    ///   - path: the route, for a daemon that does not have it at all (it says "no such resource").
    static func failure(
        _ response: HTTPClient.Response,
        from address: ServerAddress,
        path: String,
        notFound: String
    )
        -> RemoteFailure
    {
        guard let error = try? JSONDecoder().decode(ErrorMessage.self, from: Data(response.body)) else {
            return RemoteFailure(
                exitCode: ExitStatus.unavailable,
                code: "unreachable",
                message: "\(address) answered HTTP \(response.status), not as gaveld does; is this the right address?"
            )
        }
        switch response.status {
        case 404 where error.message.hasPrefix("no such resource"):
            return RemoteFailure(
                exitCode: ExitStatus.refused,
                code: "notFound",
                message: "\(address) has no \(path); is its gaveld older than this gavel?"
            )
        case 404:
            return RemoteFailure(exitCode: ExitStatus.refused, code: "notFound", message: notFound)
        case 401:
            return RemoteFailure(
                exitCode: ExitStatus.noPermission,
                code: "unauthorized",
                message: error.message + "; give --token-file FILE, or set GAVEL_TOKEN_FILE or GAVEL_TOKEN"
            )
        default:
            return RemoteFailure(error)
        }
    }
}
