import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Testing

@testable import GavelServer

/// The venue overview in-process: its own room alone with SQLite, sent in the `venue` topic on
/// connect and with every change of the room, to its subscribers only; and the rooms read from a
/// venue's database, sent again only when what they show changed.
@Suite struct VenueTopicTests {
    @Test func aVenueSubscriberGetsTheRoomOnConnectAndWithEveryChange() throws {
        let gaveld = try InProcessDaemon()
        let board = gaveld.connect(version: .v2, topics: "venue")
        let display = gaveld.connect(version: .v2)
        let greeting = gaveld.transport.take(board)
        #expect(greeting.map(\.type) == ["hello", "venue", "state"])
        let first = try WireCoding.decoder().decode(VenueMessage.self, from: Data(greeting[1].text.utf8))
        #expect(first.source == "single")
        #expect(first.rooms.map(\.room) == ["main"])
        #expect(first.rooms.first?.status.phase == .notStarted)
        #expect(greeting[1].delivery == .latest(Topic.venue.slot))
        let chair = gaveld.connect(control: true, version: .v2)
        gaveld.transport.clearSent()

        gaveld.command("start", id: "s1", from: chair)
        let seen = gaveld.transport.take(board).filter { $0.type == "venue" }
        #expect(seen.count == 1)
        let started = try WireCoding.decoder().decode(VenueMessage.self, from: Data(seen[0].text.utf8))
        #expect(started.rooms.first?.status.phase == .running)
        #expect(started.rooms.first?.status.seq == gaveld.daemon.sequence)
        #expect(started.rooms.first?.status.item?.id == gaveld.daemon.state.currentAgendaItem?.id)
        #expect(!gaveld.transport.take(display).contains { $0.type == "venue" })
        #expect(!gaveld.transport.take(chair).contains { $0.type == "venue" })

        // A command refused changes nothing: nothing is published.
        gaveld.command("start", id: "s2", from: chair)
        #expect(!gaveld.transport.take(board).contains { $0.type == "venue" })

        let response = gaveld.http("GET", APIPath.venue)
        #expect(response.status == 200)
        let answer = try WireCoding.decoder().decode(VenueMessage.self, from: Data(response.body))
        #expect(answer.rooms.first?.status == started.rooms.first?.status)
    }

    @Test func anOverviewNobodyReadsIsMadeWhenItIsAskedFor() throws {
        let gaveld = try InProcessDaemon()
        let chair = gaveld.connect(control: true, version: .v2)
        gaveld.command("start", id: "s1", from: chair)
        gaveld.command("next", id: "n1", from: chair)
        #expect(gaveld.daemon.core.venueMessage == nil, "made with nobody to read it")
        func room(_ text: String) throws -> RoomStatus? {
            try WireCoding.decoder().decode(VenueMessage.self, from: Data(text.utf8)).rooms.first?.status
        }

        // Asked for on connect: the room as it is now.
        let board = gaveld.connect(version: .v2, topics: "venue")
        let greeting = try #require(gaveld.transport.take(board).first { $0.type == "venue" })
        #expect(try room(greeting.text)?.seq == gaveld.daemon.sequence)
        gaveld.disconnect(board)
        gaveld.command("previous", id: "p1", from: chair)

        // Asked for by a subscription.
        let display = gaveld.connect(version: .v2)
        gaveld.transport.clearSent()
        gaveld.receive(#"{"type":"subscribe","topics":["venue"]}"#, from: display)
        let subscribed = try #require(gaveld.transport.take(display).first { $0.type == "venue" })
        #expect(try room(subscribed.text)?.seq == gaveld.daemon.sequence)
        gaveld.receive(#"{"type":"subscribe","topics":["agenda"]}"#, from: display)
        gaveld.command("next", id: "n2", from: chair)

        // Asked for over HTTP.
        let response = gaveld.http("GET", APIPath.venue)
        #expect(try room(String(decoding: response.body, as: UTF8.self))?.seq == gaveld.daemon.sequence)
    }

    @Test func roomsReadFromTheDatabaseAreSentWhenWhatTheyShowChanges() throws {
        let gaveld = try InProcessDaemon()
        let board = gaveld.connect(version: .v2, topics: "venue")
        gaveld.transport.clearSent()
        let now = gaveld.clock.now()
        let status = RoomStatus(
            room: "hall-b",
            state: MeetingState(agenda: gaveld.daemon.state.agenda),
            meetingID: 4,
            seq: 2,
            lastAlert: nil,
            at: now
        )
        let summary = String(decoding: WireCoding.encode(status), as: UTF8.self)
        func read(silentMs: Int64?) -> [FakeTransport.Sent] {
            gaveld.daemon.venueRowsRead([
                VenueRow(room: "hall-b", summary: summary, updatedAt: now, silentMs: silentMs),
                VenueRow(room: "hall-c", summary: "{not a summary", updatedAt: now, silentMs: 0),
            ])
            return gaveld.transport.take(board).filter { $0.type == "venue" }
        }

        let fresh = try #require(read(silentMs: 1000).first)
        let overview = try WireCoding.decoder().decode(VenueMessage.self, from: Data(fresh.text.utf8))
        #expect(overview.source == "postgresql")
        #expect(overview.rooms.map(\.room) == ["hall-b"], "a summary that cannot be read is left out")
        #expect(overview.rooms.first?.status == status)
        #expect(overview.rooms.first?.stale == false)
        // Silence growing below the limit shows nothing new; past it, the room goes stale.
        #expect(read(silentMs: 3000).isEmpty)
        let stale = try #require(read(silentMs: PostgresVenueBoard.staleAfter.milliseconds + 1).first)
        #expect(
            try WireCoding.decoder().decode(VenueMessage.self, from: Data(stale.text.utf8)).rooms.first?.stale == true
        )
        // A gaveld that said it stopped: stale at once.
        let stopped = try #require(read(silentMs: nil).first)
        let rooms = try WireCoding.decoder().decode(VenueMessage.self, from: Data(stopped.text.utf8)).rooms
        #expect(rooms.first?.stale == true && rooms.first?.silentMs == nil)
    }
}
