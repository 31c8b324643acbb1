import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

/// A daemon's part in its room.
enum Leadership: Equatable {
    /// Alone in its room (no `--standby`): it takes commands.
    case single
    /// Holds the room's lease with `term`: it takes commands while the lease says it may.
    case primary(term: Int64)
    /// Follows the primary (`leader`, nil while none leads): displays only, commands refused.
    case standby(term: Int64, leader: String?)

    init(_ status: RoomLease.Status) {
        switch status.role {
        case .primary: self = .primary(term: status.term)
        case .standby: self = .standby(term: status.term, leader: status.leader)
        }
    }

    /// The term the journal writes with: a standby's is its last seen, which the database
    /// refuses, so that nothing a standby might write is ever stored.
    var fenceTerm: Int64? {
        switch self {
        case .single: nil
        case .primary(let term), .standby(let term, _): term
        }
    }
}

// `--standby`: leading a room while holding its lease, following its primary otherwise, and
// taking over when the lease lapses. The lease itself (`RoomLease`) runs on its own thread and
// tells the daemon of each change through `post`; everything here runs on the service thread.
extension Daemon {
    static let followTimer = TimerID("follow")
    /// How often a standby reads the journal even without a notice (one lost with a connection).
    static let followInterval = Duration.seconds(1)

    var fenceTerm: Int64? { leadership.fenceTerm }

    /// The journal may be written: open for writing, and this daemon leads its room.
    var mayWrite: Bool {
        guard let journal, !journal.isReadOnly else { return false }
        if case .standby = leadership { return false }
        return true
    }

    /// `GET /api/v1/leader`.
    func leaderMessage() -> LeaderMessage {
        switch leadership {
        case .single:
            LeaderMessage(room: configuration.room, role: .single, term: 0, leader: configuration.advertisedURL)
        case .primary(let term):
            LeaderMessage(room: configuration.room, role: .primary, term: term, leader: configuration.advertisedURL)
        case .standby(let term, let leader):
            LeaderMessage(room: configuration.room, role: .standby, term: term, leader: leader)
        }
    }

    /// Why a command is refused before it is tried: this daemon does not lead, or cannot be sure
    /// it still does. Nil when it may take commands.
    func leadershipRefusal() -> ProtocolError? {
        let room = configuration.room
        switch leadership {
        case .single:
            return nil
        case .standby(_, let leader?):
            return ProtocolError(
                .notLeader,
                "this gaveld is a standby of room '\(room)' and takes no commands; send them to the leader, "
                    + "\(leader); nothing was changed",
                leader: leader
            )
        case .standby(_, nil):
            return ProtocolError(
                .notLeader,
                "no gaveld leads room '\(room)' at the moment (the primary's lease lapsed and a standby is taking "
                    + "over); nothing was changed, try again in a moment"
            )
        case .primary(let term):
            if configuration.lease?.mayAcknowledge(term: term) == true { return nil }
            return ProtocolError(
                .notLeader,
                "this gaveld could not renew its lease on room '\(room)' in time, so it takes no commands until it "
                    + "does or another daemon takes over; nothing was changed, try again in a moment"
            )
        }
    }

    /// After journaling a command as primary: its events are stored, but if the lease may have run
    /// out meanwhile another daemon may already lead, so the command is not acknowledged. Its
    /// retry with the same id, at whichever daemon leads, is answered from the journal.
    func acknowledgementRefusal(id: String, seq: Int64) -> ProtocolError? {
        guard case .primary(let term) = leadership, configuration.lease?.mayAcknowledge(term: term) == false else {
            return nil
        }
        return ProtocolError(
            .notLeader,
            "the command was journaled (seq \(seq)), but this gaveld's lease on room '\(configuration.room)' ran "
                + "out before it could acknowledge it; send it again with the same id (\(id)) to the daemon that "
                + "leads, which answers it from the journal"
        )
    }

    /// At start: a standby starts following; a lease that changed since it was first taken is
    /// caught up with.
    func startLeadership() {
        guard let lease = configuration.lease else { return }
        if case .standby = leadership {
            logger.notice(
                "standing by: displays are served, commands go to the leader",
                metadata: ["gavel.room": "\(configuration.room)", "gavel.leader": "\(lease.status.leader ?? "none")"]
            )
            follow()
            transport.schedule(Self.followTimer, after: Self.followInterval)
        }
        leaseChanged()
    }

    /// The lease's thread saw a change: takes over, stands by, or notes the new leader.
    public func leaseChanged() {
        guard let lease = configuration.lease else { return }
        let status = lease.status
        switch (leadership, status.role) {
        case (.primary(let term), .primary) where term == status.term:
            return
        case (_, .primary):
            takeOver(term: status.term)
        case (.primary(let term), .standby):
            leadership = Leadership(status)
            logger.warning(
                "lease lost: another gaveld leads room '\(configuration.room)'; this one stands by",
                metadata: ["gavel.term": "\(term)", "gavel.leader": "\(status.leader ?? "none")"]
            )
            reloadAsStandby()
            follow()
            transport.schedule(Self.followTimer, after: Self.followInterval)
        case (.standby, .standby), (.single, .standby):
            leadership = Leadership(status)
        }
    }

    /// This daemon took the lease: it reads what it has not applied (the whole meeting, as a
    /// restart would), and only then takes commands. Its displays stay connected and get the
    /// state it now holds.
    private func takeOver(term: Int64) {
        leadership = .primary(term: term)
        transport.cancel(Self.followTimer)
        let now = clock.now()
        if journal == nil { reopenJournal() }
        do {
            let loaded = try loadMeeting(at: now)
            persistClockAnchor()
            perform(core.reloaded(loaded.state, meetingID: loaded.meetingID, sequence: loaded.sequence, at: now))
            logger.notice(
                "leading room '\(configuration.room)': commands are accepted",
                metadata: [
                    "gavel.term": "\(term)", "gavel.meeting": "\(loaded.meetingID)", "gavel.seq": "\(loaded.sequence)",
                ]
            )
        } catch {
            recoverFromIOError(error)
        }
    }

    /// A deposed primary becomes a standby: it shows what the journal holds (which is all it
    /// acknowledged) and follows the new primary.
    private func reloadAsStandby() {
        let now = clock.now()
        do {
            let loaded = try loadMeeting(at: now)
            perform(core.reloaded(loaded.state, meetingID: loaded.meetingID, sequence: loaded.sequence, at: now))
        } catch {
            logger.warning("the standby cannot read the journal; it tries again", metadata: ["gavel.error": "\(error)"])
            reopenJournal()
        }
    }

    /// A notice of the primary's write arrived (on the journal's thread): catch up once.
    func noticeArrived() {
        let first = followPosted.withLock { posted in
            defer { posted = true }
            return !posted
        }
        guard first, let post else { return }
        post { [self] in follow() }
    }

    /// As standby: applies the events the primary journaled since the last catch-up, exactly as a
    /// replay does; a new meeting is read whole.
    func follow() {
        followPosted.withLock { $0 = false }
        guard case .standby = leadership else { return }
        if journal == nil { reopenJournal() }
        guard let journal else { return }
        let now = clock.now()
        do {
            if listening != ObjectIdentifier(journal) {
                try journal.listen { [weak self] in self?.noticeArrived() }
                listening = ObjectIdentifier(journal)
            }
            let news = try journal.followUp(meeting: meetingID, after: sequence)
            if let latest = news.latestMeeting, latest != meetingID {
                let loaded = try loadMeeting(at: now)
                perform(core.reloaded(loaded.state, meetingID: loaded.meetingID, sequence: loaded.sequence, at: now))
                return
            }
            guard !news.events.isEmpty else { return }
            var next = state
            for event in news.events { next.apply(event) }
            perform(core.followed(next, sequence: news.lastSequence, at: now))
        } catch {
            logger.warning(
                "the standby cannot read the journal; reconnecting",
                metadata: ["gavel.error": "\(error)"]
            )
            reopenJournal()
        }
    }

    /// The follow timer: a catch-up without a notice, and the next timer while standing by.
    func followTimerFired() {
        guard case .standby = leadership else { return }
        follow()
        transport.schedule(Self.followTimer, after: Self.followInterval)
    }

    /// Opens the journal again (its connection was lost); nil if it cannot be, for now.
    private func reopenJournal() {
        guard let opener = configuration.journalOpener else { return }
        try? journal?.close()
        journal = nil
        journal = try? opener.openForWriting()
    }
}
