/// A request to speak: who, for whom, what kind of turn, and for how long.
public struct Inscription: Hashable, Sendable {
    public var speaker: String
    /// The delegation, group or organisation the speaker speaks for; caps such as "two replies
    /// per delegation" count by it (by the speaker's name when there is none).
    public var delegation: String?
    /// A speech type id of the meeting's rules; nil for the rules' default type.
    public var speech: String?
    /// A rank of the rules' precedence ("minister"); nil for none.
    public var rank: String?
    /// The time asked for; nil for what the rules or the agenda give.
    public var time: Duration?

    public init(
        speaker: String,
        delegation: String? = nil,
        speech: String? = nil,
        rank: String? = nil,
        time: Duration? = nil
    ) {
        self.speaker = speaker
        self.delegation = delegation
        self.speech = speech
        self.rank = rank
        self.time = time
    }

    /// Who caps count by.
    public var party: String { (delegation ?? speaker).lowercased() }
}
