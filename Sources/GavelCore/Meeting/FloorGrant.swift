/// One speaker's turn holding the floor.
public struct FloorGrant: Hashable, Sendable {
    public var speaker: String
    /// The agenda item (index) during which the floor was granted.
    public var itemIndex: Int
    /// The time granted at first, before extensions.
    public var granted: Duration
    public var grantedAt: Instant
    public var stopwatch: Stopwatch
    /// Extensions (positive) and trims (negative), in order.
    public var adjustments: [Adjustment] = []
    /// Pauses of this turn: by the chair ("floor pause") or by a meeting pause.
    public var pauses: [Interval] = []
    /// The chair paused this speaker (a point of order); a meeting pause alone does not set it.
    public var heldByChair = false
    /// When the speaker yielded or the floor was taken back; nil while holding it.
    public var endedAt: Instant?
    /// The delegation or group the speaker spoke for, when known.
    public var delegation: String?
    /// The speech type's id under the meeting's rules; nil for a plain grant (the rules' default).
    public var speech: String?
    /// The turn this one interrupted (an index into `MeetingState.grants`), for an interruption.
    public var interrupted: Int?
    /// Spans during which an interruption held the floor above this turn: its clock stood still.
    public var interruptions: [Interval] = []

    public init(
        speaker: String,
        itemIndex: Int,
        granted: Duration,
        at: Instant,
        delegation: String? = nil,
        speech: String? = nil,
        interrupted: Int? = nil
    ) {
        self.speaker = speaker
        self.itemIndex = itemIndex
        self.granted = granted
        self.grantedAt = at
        self.stopwatch = Stopwatch(allotted: granted)
        self.delegation = delegation
        self.speech = speech
        self.interrupted = interrupted
    }

    /// Who caps count by: the delegation, or the speaker when there is none.
    public var party: String { (delegation ?? speaker).lowercased() }

    public func interruptedTime(at now: Instant) -> Duration {
        interruptions.reduce(.zero) { $0 + $1.length(at: now) }
    }

    public var added: Duration { adjustments.reduce(.zero) { $0 + $1.by } }

    public func pausedTime(at now: Instant) -> Duration {
        pauses.reduce(.zero) { $0 + $1.length(at: now) }
    }
}

/// A speaker waiting for the floor on an item's list of speakers.
public struct QueueEntry: Hashable, Sendable {
    /// Unique within the meeting, so a removal names exactly one entry even if names repeat.
    public var id: Int
    public var speaker: String
    /// Floor time asked for this speaker; nil uses the rules', the item's or the meeting's.
    public var time: Duration?
    /// When inscribed; nil for a speaker the agenda inscribed before the meeting.
    public var addedAt: Instant?
    public var delegation: String?
    /// The speech type's id under the meeting's rules.
    public var speech: String
    /// A rank of the rules' precedence.
    public var rank: String?

    public init(
        id: Int,
        speaker: String,
        time: Duration?,
        addedAt: Instant?,
        delegation: String? = nil,
        speech: String = RulesPack.unGeneralAssembly.defaultSpeechType.id,
        rank: String? = nil
    ) {
        self.id = id
        self.speaker = speaker
        self.time = time
        self.addedAt = addedAt
        self.delegation = delegation
        self.speech = speech
        self.rank = rank
    }

    /// Who caps count by: the delegation, or the speaker when there is none.
    public var party: String { (delegation ?? speaker).lowercased() }
}

/// A rule of procedure the chair overrode (`MeetingEvent.ruleOverridden`): the command that
/// followed it went through although the rule would have refused it.
public struct RuleOverride: Hashable, Sendable {
    /// The rule's name, as a refusal names it: "closed-list", "reply-per-delegation", "reply-limit".
    public var rule: String
    public var at: Instant
    /// The item running when the chair overrode it; nil between items.
    public var itemIndex: Int?

    public init(rule: String, at: Instant, itemIndex: Int?) {
        self.rule = rule
        self.at = at
        self.itemIndex = itemIndex
    }
}
