import ArgumentParser
import Foundation
import GavelClient
import GavelCore
import GavelProtocol

/// `gavel venue`: every room of the venue at a glance.
struct VenueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "venue",
        abstract: "Every room's item, speaker, drift and projected end (the venue overview).",
        discussion: """
            With a PostgreSQL journal every gaveld of the database shows every room; with SQLite, \
            its own. One line per room: the phase, the current item, the speaker holding the floor \
            and their time left, the drift against the printed programme, the projected and \
            planned ends (in the room's time zone), the last alert, and STALE for a room whose \
            gaveld has not been heard from (stopped, or lost the database). Times are projected to \
            now from the rooms' last summaries.

            --watch follows the overview live (the WebSocket topic 'venue'): redrawn every second \
            at a terminal, printed again at each change when piped; it reconnects, to the next \
            server of --server a,b if its own goes away. Ctrl-C ends it.

            --json prints the daemon's answer (GET /api/v1/venue; with --watch, every 'venue' \
            message, one per line): {"type":"venue","serverTime":MS,"source":"postgresql"|"single",\
            "staleAfterMs":N,"rooms":[{"room":NAME,"status":{...},"updatedAt":MS,"silentMs":N|null,\
            "stale":BOOL}]} (docs/protocol.md).

            Read-only: needs no control token.
            """
    )

    @OptionGroup var client: ClientOptions

    @Flag(help: "Follow the overview live.")
    var watch = false

    func run() throws {
        if watch {
            VenueWatch(options: client).run()
            return
        }
        guard
            let venue = try Remote.listing(
                VenueMessage.self,
                at: APIPath.venue,
                what: "venue overview",
                notFound: "no venue overview",
                client
            )
        else { return }
        Console.write(VenueTable.render(venue, at: venue.serverTime).joined(separator: "\n") + "\n")
    }
}

/// The overview for people: one room a line, projected to `now` (the daemon's clock).
enum VenueTable {
    static func render(_ venue: VenueMessage, at now: Instant) -> [String] {
        guard !venue.rooms.isEmpty else { return ["No room has published its state yet."] }
        let header = ["ROOM", "PHASE", "ITEM", "SPEAKER", "LEFT", "DRIFT", "PROJ. END", "PLANNED", "LAST ALERT", ""]
        let rows = venue.rooms.map { row(for: $0, at: now) }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                text += cell.padded(to: widths[column])
                if column < cells.count - 1 { text += "  " }
            }
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(header)] + rows.map(line)
    }

    static func row(for room: VenueMessage.Room, at now: Instant) -> [String] {
        let status = room.status
        let text = MeetingText(timeZone: status.timeZone)
        let item = status.item.map { MeetingText.item(id: $0.id, title: $0.title, limit: 32) } ?? "—"
        var speaker = "—"
        var left = ""
        if let floor = status.speaker {
            speaker = MeetingText.shortened(floor.name, to: 28) + (floor.delegation.map { " (\($0))" } ?? "")
            left = MeetingText.remaining(ms: floor.timer.remainingMs(at: now))
        } else if let item = status.item {
            left = MeetingText.remaining(ms: item.timer.remainingMs(at: now))
        }
        let ended = status.phase == .ended
        return [
            room.room.isEmpty ? "(this room)" : room.room,
            phase(status.phase),
            item,
            speaker,
            left,
            ended ? "—" : MeetingText.drift(ms: status.driftMs(at: now)),
            text.shortTime(status.projectedEnd(at: now)),
            text.shortTime(status.schedule.plannedEnd),
            status.lastAlert.map { MeetingText.label($0.level) + " " + text.time($0.at) } ?? "—",
            room.stale ? (room.silentMs == nil ? "STOPPED" : "STALE") : "",
        ]
    }

    static func phase(_ phase: RoomStatus.Phase) -> String {
        switch phase {
        case .notStarted: "not started"
        case .running: "running"
        case .paused: "paused"
        case .ended: "ended"
        }
    }
}

/// `gavel venue --watch`: the `venue` topic followed over the WebSocket.
struct VenueWatch {
    let options: ClientOptions

    func run() {
        let interactive = Terminal.isInteractive && !options.json
        var attempt = 0
        var servers = options.addresses
        while true {
            let address = servers[attempt % servers.count]
            do throws(ClientError) {
                let socket = try WebSocketClient(
                    address: address,
                    path: WireProtocol.webSocketPath + "?topics=venue",
                    subprotocol: WireProtocol.offer,
                    timeout: options.timeoutDuration
                )
                attempt = 0
                try follow(socket, interactive: interactive)
            } catch {
                Console.writeError("gavel: \(address): \(error.message); reconnecting…\n")
                attempt += 1
                if attempt % servers.count == 0 {
                    servers = options.addresses
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
    }

    private func follow(_ socket: WebSocketClient, interactive: Bool) throws(ClientError) {
        var venue: VenueMessage?
        // The daemon's clock less this machine's, from the message's serverTime: enough for a
        // table that shows minutes and seconds.
        var offsetMs: Int64 = 0
        while true {
            guard let text = try socket.receive(timeout: .seconds(1)) else {
                if interactive, let venue { draw(venue, offsetMs: offsetMs) }
                continue
            }
            guard text.contains(#""type":"venue""#),
                let message = try? WireCoding.decoder().decode(VenueMessage.self, from: Data(text.utf8))
            else { continue }
            venue = message
            offsetMs = message.serverTime.millisecondsSinceEpoch - Instant(Date()).millisecondsSinceEpoch
            if options.json {
                Console.write(text + "\n")
            } else if interactive {
                draw(message, offsetMs: offsetMs)
            } else {
                Console.write(VenueTable.render(message, at: message.serverTime).joined(separator: "\n") + "\n\n")
            }
        }
    }

    private func draw(_ venue: VenueMessage, offsetMs: Int64) {
        let now = Instant(millisecondsSinceEpoch: Instant(Date()).millisecondsSinceEpoch + offsetMs)
        Console.write("\u{1B}[H\u{1B}[2J" + VenueTable.render(venue, at: now).joined(separator: "\n") + "\n")
    }
}
