import Foundation
import GRDB
import GavelCore
import GavelProtocol
import Logging
import Testing

@testable import GavelJournal
@testable import GavelServer

/// The journal is the truth: a daemon that could only read it serves displays and refuses
/// commands, and takes them again, from where the journal stands, once it can write.
@Suite struct JournalRecoveryTests {
    @Test func aReadOnlyJournalRefusesCommandsUntilTheRetryOpensItForWriting() throws {
        // A meeting with two commands in the journal.
        let first = try InProcessDaemon()
        let chair = first.connect(control: true)
        first.command("start", id: "c1", from: chair)
        first.command("next", id: "c2", from: chair)
        let sequence = first.daemon.sequence
        first.stop()

        let path = first.directory.appendingPathComponent("journal.sqlite").path
        let (daemon, transport, clock) = try Self.daemon(
            on: try Journal.openReadOnly(path: path),
            directory: first.directory,
            at: ServerTestAgendas.nine + .seconds(60),
            opener: JournalOpener(path: path),
            readOnlyReason: "the state directory is read-only"
        )
        daemon.start()
        #expect(daemon.journalHealth == .readOnly("the state directory is read-only"))
        #expect(daemon.state.currentItem == 1, "the journal's meeting is shown")
        #expect(daemon.sequence == sequence)
        #expect(transport.timers[DaemonCore.journalRetryTimer] == clock.now() + .seconds(5))

        let display = ConnectionID(rawValue: 1)
        let remote = ConnectionID(rawValue: 2)
        transport.open = [display, remote]
        daemon.connectionOpened(
            display,
            request: UpgradeRequest(
                path: "/ws",
                headers: ["host": "127.0.0.1:8417"],
                subprotocol: "gavel.v1",
                peer: "127.0.0.1"
            )
        )
        daemon.connectionOpened(
            remote,
            request: UpgradeRequest(
                path: "/ws",
                headers: ["host": "127.0.0.1:8417", "authorization": "Bearer \(InProcessDaemon.token)"],
                subprotocol: "gavel.v1",
                peer: "127.0.0.1"
            )
        )
        transport.clearSent()

        daemon.received(#"{"type":"command","id":"c3","command":"next"}"#, from: remote)
        transport.finishRound()
        let refused = transport.take(remote)
        #expect(refused.map(\.type) == ["error"])
        #expect(json(refused[0].text)["code"] as? String == "journalUnavailable")
        #expect(transport.take(display).isEmpty, "nothing changed")

        // The retry falls due: the journal opens for writing, the meeting is read back from it.
        clock.advance(by: .seconds(5))
        transport.cancel(DaemonCore.journalRetryTimer)
        daemon.timerFired(DaemonCore.journalRetryTimer)
        transport.finishRound()
        #expect(daemon.journalHealth == .writable)
        #expect(transport.timers[DaemonCore.journalRetryTimer] == nil)
        #expect(transport.take(display).map(\.type) == ["state"])
        #expect(transport.take(remote).map(\.type) == ["state"])

        daemon.received(#"{"type":"command","id":"c3","command":"next"}"#, from: remote)
        transport.finishRound()
        #expect(transport.take(remote).map(\.type) == ["ack", "state"])
        #expect(daemon.state.currentItem == 2)
        #expect(daemon.sequence > sequence)
        daemon.shutdown()
        daemon.finish()
    }

    /// A full volume at start: the journal can take a small write, not the largest command's, so
    /// the daemon starts degraded rather than ok; a command that fits meanwhile is accepted
    /// without ending it; the probe ends it once there is room.
    @Test func aJournalWithoutRoomForACommandStartsDegradedUntilTheProbeFitsIt() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenPath = directory.appendingPathComponent("token").path
        try Data((InProcessDaemon.token + "\n").utf8).write(to: URL(fileURLWithPath: tokenPath))
        let journal = try Journal(path: directory.appendingPathComponent("journal.sqlite").path)
        _ = try journal.createMeeting(agenda: ServerTestAgendas.geneva, at: ServerTestAgendas.nine)
        // The database may grow by 16 pages (64 KB): SQLite says SQLITE_FULL past them, as on a
        // full disk; far less than the probe's 224 KiB.
        func limit(_ extra: Int?) throws {
            try journal.database.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(extra.map { pages + $0 } ?? 1_073_741_823)")
            }
        }
        try limit(16)
        let (daemon, transport, clock) = try Self.daemon(on: journal, directory: directory, at: ServerTestAgendas.nine)
        func health() -> (status: Int, body: [String: Any]) {
            let response = daemon.handleHTTP(
                HTTPRequest(method: "GET", path: "/healthz", headers: [:], body: [], peer: "127.0.0.1")
            )
            return (response.status, json(String(decoding: response.body, as: UTF8.self)))
        }
        daemon.start()
        guard case .failing(let reason) = daemon.journalHealth else {
            Issue.record("expected the journal failing at start, got \(daemon.journalHealth)")
            return
        }
        #expect(reason.contains("the disk is full"))
        #expect(health().status == 503 && health().body["journalStatus"] as? String == "failing")
        #expect(transport.timers[DaemonCore.journalRetryTimer] == clock.now() + .seconds(5))

        // A small command still fits: applied, but the journal is still failing.
        let accepted = daemon.handleHTTP(
            HTTPRequest(
                method: "POST",
                path: APIPath.commands,
                headers: ["authorization": "Bearer \(InProcessDaemon.token)"],
                body: Array(#"{"id":"c1","command":"start"}"#.utf8),
                peer: "127.0.0.1"
            )
        )
        transport.finishRound()
        #expect(accepted.status == 200)
        #expect(daemon.state.phase == .running)
        #expect(health().status == 503, "one command that fitted does not prove the next will")

        // Still no room at the retry; then room: the next retry's probe fits, and it is ok.
        clock.advance(by: .seconds(5))
        transport.cancel(DaemonCore.journalRetryTimer)
        daemon.timerFired(DaemonCore.journalRetryTimer)
        #expect(health().status == 503)
        #expect(transport.timers[DaemonCore.journalRetryTimer] == clock.now() + .seconds(5))
        try limit(nil)
        clock.advance(by: .seconds(5))
        transport.cancel(DaemonCore.journalRetryTimer)
        daemon.timerFired(DaemonCore.journalRetryTimer)
        #expect(daemon.journalHealth == .writable)
        #expect(health().status == 200)
        #expect(transport.timers[DaemonCore.journalRetryTimer] == nil)
        daemon.shutdown()
        daemon.finish()
    }

    @Test func aFailingJournalIsProbedUntilAWriteSucceeds() {
        var core = DaemonCore(
            settings: DaemonCore.Settings(
                alertLead: .seconds(2),
                watchdogInterval: nil,
                journalRetryInterval: .seconds(5)
            ),
            agenda: ServerTestAgendas.geneva,
            at: ServerTestAgendas.nine
        )
        let now = ServerTestAgendas.nine

        #expect(core.journalWriteFailed("a bad request", cannotWrite: false, at: now).isEmpty, "not the disk's fault")
        let failing = core.journalWriteFailed("disk full", cannotWrite: true, at: now)
        #expect(core.journalHealth == .failing("disk full"))
        #expect(failing.armed == [DaemonCore.journalRetryTimer: now + .seconds(5)])
        #expect(failing.statuses == ["STATUS=DEGRADED (journal failing): meeting 0 not started: Sitting"])
        #expect(core.journalWriteFailed("disk full", cannotWrite: true, at: now).isEmpty, "one status per change")

        #expect(core.timerFired(DaemonCore.journalRetryTimer, at: now + .seconds(5)).retriesJournal)
        #expect(
            core.journalStillUnavailable(at: now + .seconds(5)).armed
                == [DaemonCore.journalRetryTimer: now + .seconds(10)]
        )

        let recovered = core.journalWriteSucceeded()
        #expect(core.journalHealth == .writable)
        #expect(recovered.cancelled == [DaemonCore.journalRetryTimer])
        #expect(!core.timerFired(DaemonCore.journalRetryTimer, at: now + .seconds(10)).retriesJournal)
    }

    /// A daemon on `journal`, with the test token from `directory`, a manual clock at `start` and
    /// a fake transport; retrying the journal every 5 s.
    private static func daemon(
        on journal: Journal,
        directory: URL,
        at start: Instant,
        opener: JournalOpener? = nil,
        readOnlyReason: String? = nil
    ) throws -> (Daemon, FakeTransport, ManualClock) {
        let clock = ManualClock(at: start)
        let transport = FakeTransport(clock: clock)
        var logger = Logger(label: "gaveld-test")
        logger.logLevel = .critical
        let daemon = try Daemon(
            configuration: Daemon.Configuration(
                agenda: ServerTestAgendas.geneva,
                token: try AccessToken(path: directory.appendingPathComponent("token").path, createIfMissing: false),
                staticFiles: try StaticFiles(root: nil),
                journalOpener: opener,
                journalRetryInterval: .seconds(5)
            ),
            transport: transport,
            journal: journal,
            readOnlyReason: readOnlyReason,
            clock: clock,
            logger: logger
        )
        return (daemon, transport, clock)
    }
}
