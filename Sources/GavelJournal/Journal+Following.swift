import GavelCore

/// What a standby reads to catch up with its room's primary (`Journal.followUp`).
public struct JournalFollowUp: Sendable {
    /// The room's newest meeting: another than the one followed means the primary opened a new one.
    public var latestMeeting: Int64?
    /// The followed meeting's events after the given seq, in order.
    public var events: [MeetingEvent]
    /// The seq of the followed meeting's last event (the given one if nothing is new).
    public var lastSequence: Int64
}

// A room shared by a primary and its standbys (`--standby`): the term written with each row, the
// notices of the primary's writes, and the reads that catch a standby up. PostgreSQL only.
extension Journal {
    /// True for a PostgreSQL journal opened with `--standby`: a lease decides who writes.
    public var isHighlyAvailable: Bool { postgres?.address.highAvailability ?? false }

    /// The PostgreSQL address, for a journal in PostgreSQL.
    public var postgresAddress: PostgresJournalAddress? { postgres?.address }

    /// Writes from now on carry `term` (the lease's, as primary), and the database refuses them
    /// once another daemon took the lease; nil writes without a term. A file journal ignores it.
    public func fence(term: Int64?) {
        postgres?.fencingTerm.withLock { $0 = term }
    }

    /// Calls `onNotice`, on another thread, each time the room's primary commits a write.
    public func listen(onNotice: @escaping @Sendable () -> Void) throws {
        guard let postgres else { throw JournalError.cannotRead(path, "only a PostgreSQL journal can be followed") }
        do {
            try postgres.listen(onNotice: onNotice)
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.cannotRead(path, PostgresJournal.reason(for: error, address: postgres.address))
        }
    }

    /// The room's newest meeting, and meeting `meeting`'s events after `seq`.
    public func followUp(meeting: Int64, after seq: Int64) throws -> JournalFollowUp {
        guard let postgres else { throw JournalError.cannotRead(path, "only a PostgreSQL journal can be followed") }
        return try postgres.followUp(meeting: meeting, after: seq)
    }
}
