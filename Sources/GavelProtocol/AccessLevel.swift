import GavelCore

/// What a token lets its holder do. Each level includes the ones below it:
///
/// - `read`: the displays' view (the WebSocket's state and topics, `GET` of the state, the
///   lists, the agenda and the reports). Open to anyone unless gaveld runs with `--read-token`.
/// - `secretariat`: the agenda and the speakers' lists (inscribe, remove, move, close, reopen,
///   import, live agenda editing) and messages on the displays; not the clocks.
/// - `chair`: everything, as the one control token always could.
public enum AccessLevel: String, Hashable, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case read
    case secretariat
    case chair

    /// Higher levels may do everything lower ones may.
    public var rank: Int {
        switch self {
        case .read: 0
        case .secretariat: 1
        case .chair: 2
        }
    }

    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    /// The token's file name in the state directory. The chair's is `token`, the name the one
    /// control token always had, so that existing set-ups and `--token-file` keep their meaning.
    public var tokenFileName: String {
        switch self {
        case .chair: LocalDaemon.tokenFileName
        case .secretariat: "token-secretariat"
        case .read: "token-read"
        }
    }

    /// The levels a pairing code may hand out: those that control something.
    public static let pairable: [AccessLevel] = [.chair, .secretariat]
}

extension MeetingCommand {
    /// The lowest level that may run the command. Clocks (the meeting's, the items', the
    /// floor's), the floor itself, budgets of speaking time, a plan to end on time (it changes the
    /// items' allotments), blackouts and flashes are the
    /// chair's; the agenda, the speakers' lists and messages are the secretariat's too.
    public var requiredLevel: AccessLevel {
        switch self {
        case .start, .goTo, .next, .previous, .pause, .resume, .extend, .trim, .endItem, .endMeeting,
            .grantFloor, .extendFloor, .pauseFloor, .resumeFloor, .yieldFloor, .interrupt, .returnFloor,
            .queueNext, .adjustBudget, .transferBudget, .acceptPlan, .blackout, .endBlackout, .flash:
            .chair
        case .queueAdd, .inscribe, .inscribeAll, .queueRemove, .queueMove, .closeList, .reopenList,
            .showMessage, .clearMessage, .loadAgenda, .editAgenda:
            .secretariat
        }
    }
}
