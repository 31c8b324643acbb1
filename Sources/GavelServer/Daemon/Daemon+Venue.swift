import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

/// What the daemon keeps of the venue overview: what it last published of its own room, and the
/// rooms as last read.
struct VenueTracker {
    /// What the published summary was made from: a new one is due when any of it changes (a
    /// change of the meeting, or an alert).
    struct Mark: Equatable {
        var meeting: Int64
        var seq: Int64
        var alert: AlertMessage?
    }

    var published: Mark?
    /// The rooms as last read (from the database, or this room's own), and when.
    var rooms: [VenueMessage.Room] = []
    var readAt: Instant?
    /// "postgresql" once rows were read from the venue's database; "single" before, or with SQLite.
    var source = "single"
    /// Each room's summary as last read, and what it decoded to: a row is decoded again only when
    /// its summary changed (one room's, per command somewhere in the venue).
    var decoded: [String: (summary: String, status: RoomStatus)] = [:]
}

extension Daemon {
    /// This room's summary now.
    func roomStatus(at now: Instant) -> RoomStatus {
        RoomStatus(
            room: configuration.room,
            state: state,
            meetingID: meetingID,
            seq: sequence,
            lastAlert: core.alertHistory.alerts.last,
            at: now
        )
    }

    /// Publishes this room's summary if what it is made from changed since the last (called after
    /// every round of actions: the checks are two numbers and the last alert). With a venue board
    /// it goes to the database, and comes back through LISTEN like every room's; without, the
    /// overview is this room alone and changes here, when somebody reads it: a subscriber of the
    /// `venue` topic, or `forReader`, one about to (a subscription, `GET /api/v1/venue`).
    func publishRoomStatusIfChanged(forReader: Bool = false) {
        // The room's primary speaks for it; its standby only reads the overview.
        if case .standby = leadership, configuration.venueBoard != nil { return }
        let mark = VenueTracker.Mark(meeting: meetingID, seq: sequence, alert: core.alertHistory.alerts.last)
        guard mark != venue.published else { return }
        // Made for every command, an overview nobody reads was a tenth of the command's CPU (the
        // room's projections, then the message encoded): left until asked for.
        if configuration.venueBoard == nil, !forReader, core.audiences[.topic(.venue)]?.isEmpty ?? true { return }
        venue.published = mark
        let now = clock.now()
        let status = roomStatus(at: now)
        if let board = configuration.venueBoard {
            board.publish(String(decoding: WireCoding.encode(status), as: UTF8.self))
            return
        }
        venue.rooms = [VenueMessage.Room(room: status.room, status: status, updatedAt: now, silentMs: 0, stale: false)]
        venue.readAt = now
        perform(core.venueChanged(OutboundMessage(utf8: WireCoding.encode(venueMessage(at: now)))))
    }

    /// The rooms' rows as the venue board read them: the overview's new content, sent to the
    /// `venue` topic if anything but the rooms' silence changed (a summary, a room that went
    /// stale, or came, or went).
    public func venueRowsRead(_ rows: [VenueRow]) {
        let now = clock.now()
        let staleAfter = PostgresVenueBoard.staleAfter.milliseconds
        var rooms: [VenueMessage.Room] = []
        var decoded: [String: (summary: String, status: RoomStatus)] = [:]
        for row in rows {
            let status: RoomStatus
            if let known = venue.decoded[row.room], known.summary == row.summary {
                status = known.status
            } else if let read = try? WireCoding.decoder().decode(RoomStatus.self, from: Data(row.summary.utf8)) {
                status = read
            } else {
                logger.debug("a room's summary cannot be read; left out", metadata: ["gavel.room": "\(row.room)"])
                continue
            }
            decoded[row.room] = (row.summary, status)
            rooms.append(
                VenueMessage.Room(
                    room: row.room,
                    status: status,
                    updatedAt: row.updatedAt,
                    silentMs: row.silentMs,
                    stale: row.silentMs.map { $0 > staleAfter } ?? true
                )
            )
        }
        let changed = !Self.sameOverview(rooms, venue.rooms) || venue.source != "postgresql"
        venue.rooms = rooms
        venue.decoded = decoded
        venue.readAt = now
        venue.source = "postgresql"
        if changed {
            perform(core.venueChanged(OutboundMessage(utf8: WireCoding.encode(venueMessage(at: now)))))
        }
    }

    /// The overview at `now`: the rooms' silence counted on from when they were read.
    func venueMessage(at now: Instant) -> VenueMessage {
        let since = venue.readAt.map { max(.zero, now - $0).milliseconds } ?? 0
        return VenueMessage(
            serverTime: now,
            source: venue.source,
            staleAfterMs: configuration.venueBoard == nil ? 0 : PostgresVenueBoard.staleAfter.milliseconds,
            rooms: venue.rooms.map { room in
                var room = room
                room.silentMs = room.silentMs.map { $0 + since }
                return room
            }
        )
    }

    /// `GET /api/v1/venue`.
    func venueResponse() -> HTTPResponse {
        publishRoomStatusIfChanged(forReader: true)
        var response = HTTPResponse.json(200, WireCoding.encode(venueMessage(at: clock.now())))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// Two overviews show the same: the rooms' silence aside, which grows between reads (but a
    /// room that said it stopped shows otherwise than one gone silent).
    private static func sameOverview(_ a: [VenueMessage.Room], _ b: [VenueMessage.Room]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy {
                $0.room == $1.room && $0.status == $1.status && $0.stale == $1.stale
                    && ($0.silentMs == nil) == ($1.silentMs == nil)
            }
    }
}

extension Daemon {
    /// A standby that takes over speaks for the room from now on, at once (its summary is due
    /// whatever it was made from); a primary deposed stops speaking, so that the overview is the
    /// new primary's alone.
    func leadershipChangedForVenue(from old: Leadership) {
        let standby: Bool
        if case .standby = leadership { standby = true } else { standby = false }
        configuration.venueBoard?.speaksForRoom(!standby)
        if !standby, case .standby = old { venue.published = nil }
    }
}
