import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Testing

@testable import GavelServer

/// The daemon's decisions alone, with no journal, transport or clock: a command counts only once
/// the journal holds it.
@Suite struct DaemonCoreTests {
    let nine = ServerTestAgendas.nine
    let display = ConnectionID(rawValue: 1)
    let chair = ConnectionID(rawValue: 2)

    func core() -> DaemonCore {
        var core = DaemonCore(
            settings: DaemonCore.Settings(
                alertLead: .seconds(2),
                watchdogInterval: .seconds(20),
                journalRetryInterval: .seconds(5)
            ),
            agenda: ServerTestAgendas.geneva,
            at: nine
        )
        core.load(MeetingState(agenda: ServerTestAgendas.geneva), meetingID: 7, sequence: 3, at: nine)
        _ = core.connectionOpened(display, Subscriber(level: nil, peer: "10.0.0.5"), at: nine)
        _ = core.connectionOpened(chair, Subscriber(level: .chair, peer: "127.0.0.1"), at: nine)
        return core
    }

    func request(_ name: String, id: String) throws -> CommandRequest {
        try WireCoding.decoder().decode(CommandRequest.self, from: Data(#"{"id":"\#(id)","command":"\#(name)"}"#.utf8))
    }

    @Test func startingArmsTheWatchdogAtHalfItsIntervalAndSaysReady() {
        var core = core()
        let actions = core.start(at: nine)

        #expect(actions.armed[DaemonCore.watchdogTimer] == nine + .seconds(10))
        #expect(actions.statuses == ["READY=1\nSTATUS=meeting 7 not started: Sitting"])
    }

    @Test func aDecidedCommandChangesNothingUntilTheJournalHoldsIt() throws {
        var core = core()
        let (decision, _) = core.decide(try request("start", id: "c1"), id: "c1", previous: nil, at: nine)
        guard case .journal(let pending) = decision else {
            Issue.record("expected events to journal, got \(decision)")
            return
        }
        #expect(pending.events.map(\.kind).contains("meetingStarted"))
        #expect(core.state.phase == .notStarted)
        #expect(core.sequence == 3)

        let (reply, actions) = core.journaled(pending, seq: 5, meetingID: nil, at: nine)
        guard case .accepted(id: "c1", seq: 5, replayed: false) = reply else {
            Issue.record("expected the command accepted at 5, got \(reply)")
            return
        }
        #expect(core.state.phase == .running)
        #expect(core.sequence == 5)
        #expect(actions.statuses == ["STATUS=meeting 7: item 1, 2 connections"])
        // Answered: the snapshot to the sender at once, the others after the round's answers.
        let answered = core.answered(sender: chair, at: nine)
        #expect(answered.sent(to: chair).count == 1)
        #expect(answered.contains { if case .afterAnswers = $0 { true } else { false } })
        let fanOut = core.answersWritten(at: nine)
        #expect(
            fanOut.contains {
                if case .broadcast(_, .feed(.state(.v1), except: [chair]), .latest(.state)) = $0 { true } else { false }
            }
        )
    }

    @Test func aCommandSeenBeforeIsAnsweredFromItsRecord() throws {
        var core = core()
        let next = CommandDigest(.next)
        let (accepted, _) = core.decide(
            try request("next", id: "c9"),
            id: "c9",
            digest: next,
            previous: RecordedCommand(outcome: .accepted(seq: 4), digest: next.bytes),
            at: nine
        )
        let (rejected, _) = core.decide(
            try request("next", id: "c8"),
            id: "c8",
            digest: next,
            previous: RecordedCommand(outcome: .rejected(MeetingError(.notStarted, "not started")), digest: next.bytes),
            at: nine
        )

        guard case .answer(.accepted(id: "c9", seq: 4, replayed: true)) = accepted,
            case .answer(.rejected(id: "c8", _, replayed: true)) = rejected
        else {
            Issue.record("expected replayed answers, got \(accepted) and \(rejected)")
            return
        }
    }

    @Test func anIdSeenBeforeWithAnotherCommandIsRefusedNamingItsFirstUse() throws {
        var core = core()
        let message = try WireCoding.decoder().decode(
            CommandRequest.self,
            from: Data(#"{"id":"dup-1","command":"showMessage","text":"different"}"#.utf8)
        )
        let digest = CommandDigest(message.command)
        let (afterAccepted, actions) = core.decide(
            message,
            id: "dup-1",
            digest: digest,
            previous: RecordedCommand(outcome: .accepted(seq: 4), digest: CommandDigest(.next).bytes),
            at: nine
        )
        let (afterRejected, _) = core.decide(
            message,
            id: "dup-1",
            digest: digest,
            previous: RecordedCommand(
                outcome: .rejected(MeetingError(.atLastItem, "already at the last item")),
                digest: CommandDigest(.next).bytes
            ),
            at: nine
        )

        guard case .answer(.refused(id: "dup-1", let accepted)) = afterAccepted,
            case .answer(.refused(id: "dup-1", let rejected)) = afterRejected
        else {
            Issue.record("expected refusals, got \(afterAccepted) and \(afterRejected)")
            return
        }
        #expect(accepted.code == .idReused)
        #expect(
            accepted.message == "command id 'dup-1' was already used for a different command (applied at seq 4); "
                + "nothing was applied. Send this command with a fresh id: an id is sent again only to retry the "
                + "very same command"
        )
        #expect(rejected.message.contains("(refused with atLastItem)"))
        #expect(actions.isEmpty)
        #expect(core.state.message == nil && core.sequence == 3, "nothing applied")
    }

    /// The journal read-only (degraded) does not change how a known id is answered.
    @Test func anIdReusedWhileTheJournalIsReadOnlyIsStillRefusedAsReused() throws {
        var core = core()
        _ = core.journalBecameReadOnly("read-only file system", at: nine)
        let (decision, _) = core.decide(
            try request("previous", id: "c1"),
            id: "c1",
            digest: CommandDigest(.previous),
            previous: RecordedCommand(outcome: .accepted(seq: 2), digest: CommandDigest(.start).bytes),
            at: nine
        )
        guard case .answer(.refused(id: "c1", let error)) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(error.code == .idReused)
    }

    /// Commands journaled before digests were kept (schema 1) have none: any command sent again
    /// with their id is answered as their retry, as it always was.
    @Test func anIdJournaledWithoutADigestIsAnsweredAsARetry() throws {
        var core = core()
        let (decision, _) = core.decide(
            try request("previous", id: "old"),
            id: "old",
            digest: CommandDigest(.previous),
            previous: RecordedCommand(outcome: .accepted(seq: 2), digest: nil),
            at: nine
        )
        guard case .answer(.accepted(id: "old", seq: 2, replayed: true)) = decision else {
            Issue.record("expected the replayed answer, got \(decision)")
            return
        }
    }

    @Test func aDecidedCommandCarriesItsDigestToTheJournal() throws {
        var core = core()
        let digest = CommandDigest(.start)
        let (decision, _) = core.decide(
            try request("start", id: "c1"),
            id: "c1",
            digest: digest,
            previous: nil,
            at: nine
        )
        guard case .journal(let pending) = decision else {
            Issue.record("expected events to journal, got \(decision)")
            return
        }
        #expect(pending.digest == digest)
    }

    @Test func aCommandTheMeetingRefusesIsRejectedAndNotJournaled() throws {
        var core = core()
        let (decision, _) = core.decide(try request("next", id: "c1"), id: "c1", previous: nil, at: nine)

        guard case .answer(.rejected(id: "c1", let error, replayed: false)) = decision else {
            Issue.record("expected a rejection, got \(decision)")
            return
        }
        #expect(error.code == .notStarted)
    }

    @Test func aReadOnlyJournalRefusesCommandsBeforeTheyAreDecided() throws {
        var core = core()
        _ = core.journalBecameReadOnly("read-only file system", at: nine)
        let (decision, actions) = core.decide(try request("start", id: "c1"), id: "c1", previous: nil, at: nine)

        guard case .answer(.refused(id: "c1", let error)) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(error.code == .journalUnavailable)
        #expect(actions.isEmpty)
    }

    @Test func anInvalidAgendaIsRefusedWithItsErrors() throws {
        var core = core()
        var agenda = ServerTestAgendas.geneva
        agenda.items[1].start = agenda.items[0].start
        let request = CommandRequest(id: "c1", command: .loadAgenda(agenda))
        let (decision, _) = core.decide(request, id: "c1", previous: nil, at: nine)

        guard case .answer(.refused(id: "c1", let error)) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(error.code == .badRequest)
        #expect(error.message == "the agenda has errors: item 2: '09:00-09:40' overlaps item 1 ('09:00-09:10')")
    }

    /// The largest transaction a command makes is bounded, so that the headroom probe can prove
    /// it fits: an agenda whose kept form is over the limit is refused.
    @Test func anAgendaTooLargeToJournalIsRefused() throws {
        var core = core()
        var agenda = ServerTestAgendas.geneva
        agenda.items[0].notes = String(repeating: "Background reading for the item. ", count: 7_000)
        let (decision, _) = core.decide(
            CommandRequest(id: "c1", command: .loadAgenda(agenda)),
            id: "c1",
            previous: nil,
            at: nine
        )
        guard case .answer(.refused(id: "c1", let error)) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(error.code == .badRequest)
        #expect(error.message.hasPrefix("the agenda is ") && error.message.contains(" KiB as the journal keeps it"))
        #expect(error.message.contains("over the 192 KiB a command may write"))
    }

    /// While the journal is failing, a command that fitted is accepted, but the journal stays
    /// failing: the next may not fit, and only the headroom probe says it is writable again.
    @Test func aCommandJournaledWhileFailingDoesNotEndTheFailure() throws {
        var core = core()
        _ = core.journalWriteFailed("the disk is full", cannotWrite: true, at: nine)
        let (decision, _) = core.decide(try request("start", id: "c1"), id: "c1", previous: nil, at: nine)
        guard case .journal(let pending) = decision else {
            Issue.record("expected events to journal, got \(decision)")
            return
        }
        let (reply, actions) = core.journaled(pending, seq: 5, meetingID: nil, at: nine)
        guard case .accepted(id: "c1", seq: 5, replayed: false) = reply else {
            Issue.record("expected the command accepted, got \(reply)")
            return
        }
        #expect(core.journalHealth == .failing("the disk is full"))
        #expect(!actions.cancelled.contains(DaemonCore.journalRetryTimer), "the retry timer stays armed")
        #expect(core.state.phase == .running)
    }

    /// At start, a journal without room for a command's write starts the daemon degraded, with
    /// the retry armed.
    @Test func aJournalWithoutRoomAtStartStartsDegradedAndRetries() {
        var core = core()
        core.journalFailingAtStart("the disk is full")
        let actions = core.start(at: nine)
        #expect(core.journalHealth == .failing("the disk is full"))
        #expect(actions.armed[DaemonCore.journalRetryTimer] == nine + .seconds(5))
        #expect(actions.statuses == ["READY=1\nSTATUS=DEGRADED (journal failing): meeting 7 not started: Sitting"])
    }

    @Test func aSubscriberThatFailsToAuthenticateFiveTimesIsClosed() {
        var core = core()
        for _ in 1..<Subscriber.maximumAuthFailures {
            #expect(core.authenticationFailed(display).isEmpty)
        }
        let closing = core.authenticationFailed(display)
        #expect(closing.contains { if case .close(display, 1008, _) = $0 { true } else { false } })
    }
}
