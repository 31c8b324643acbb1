/// What the chair asks for. A command is validated against the state at `now` and either
/// becomes events or is rejected with a reason, changing nothing.
public enum MeetingCommand: Hashable, Sendable {
    /// Start the meeting with its first item.
    case start
    /// Go to an item by id or 1-based position, starting the meeting if needed.
    case goTo(String)
    case next
    case previous
    case pause
    case resume
    case extend(Duration)
    case trim(Duration)
    /// End the current item without starting another.
    case endItem
    case endMeeting

    /// Give the floor to a speaker, for `duration` or what the rules give the speech type (the
    /// default type when nil), the speaker or the item. Whoever held the floor yields.
    case grantFloor(
        speaker: String,
        duration: Duration?,
        speech: String? = nil,
        delegation: String? = nil,
        override: Bool = false
    )
    case extendFloor(Duration)
    case pauseFloor
    case resumeFloor
    case yieldFloor
    /// An interruption (a point of order, an interposed question) takes the floor; whoever held
    /// it waits with their clock stopped.
    case interrupt(Inscription, override: Bool = false)
    /// The interruption on the floor yields and the speaker it interrupted goes on.
    case returnFloor

    /// A statement on the current list (`MeetingState.listItem`).
    case queueAdd(speaker: String, time: Duration?)
    /// An inscription on the list of `item` (an id or position; nil for the current list).
    /// `override`: the chair sets aside a rule that would refuse it (a closed list, a cap).
    case inscribe(Inscription, item: String? = nil, override: Bool = false)
    /// Several inscriptions at once (an imported list), all or none.
    case inscribeAll([Inscription], item: String? = nil, override: Bool = false)
    case queueRemove(QueueReference, item: String? = nil)
    /// Move an entry to a 1-based position.
    case queueMove(QueueReference, toPosition: Int, item: String? = nil)
    /// Give the floor to the speaker at the head of the queue, with the limit the rules give
    /// their speech type.
    case queueNext
    case closeList(item: String? = nil)
    /// Add time to a group's budget in an item (the current one when nil), or take it (negative).
    case adjustBudget(group: String, by: Duration, item: String? = nil)
    /// Move time from one group's budget to another's: what one loses the other gains.
    case transferBudget(from: String, to: String, amount: Duration, item: String? = nil)
    case reopenList(item: String? = nil)
    /// Accept the plan that ends the meeting by `end` (the agenda's hard end when nil), as
    /// `MeetingState.plan(endingBy:at:)` makes it at the instant of the command.
    case acceptPlan(end: LocalTime? = nil)

    /// A message on the displays of `audience` (a preset is resolved to its text before this).
    case showMessage(String, audience: DisplayAudience = .everyone)
    case clearMessage

    /// Black out the displays of `audience` until `endBlackout`: nothing but black on them.
    case blackout(DisplayAudience)
    case endBlackout
    /// Make the displays of `audience` flash once, to catch the speaker's eye.
    case flash(DisplayAudience)

    /// Replace the agenda of a meeting that has not started.
    case loadAgenda(Agenda)
    /// Change the items that have not started, before or during the meeting.
    case editAgenda(AgendaEdit)
}

/// A queue entry named by its 1-based position or by the speaker's name.
public enum QueueReference: Hashable, Sendable, CustomStringConvertible {
    case position(Int)
    case speaker(String)

    /// "3" is a position; anything else a name.
    public init(_ text: String) {
        if let position = Int(text.trimmingSpaces) {
            self = .position(position)
        } else {
            self = .speaker(text.trimmingSpaces)
        }
    }

    public var description: String {
        switch self {
        case .position(let position): "position \(position)"
        case .speaker(let name): "'\(name)'"
        }
    }
}

/// The state a command's sender saw, so that two people pressing "next" at once advance one
/// item, not two: the second command expects an item that is no longer current and is rejected.
public struct ExpectedState: Hashable, Sendable, Codable {
    /// The id of the item the sender believes is current; "" for none.
    public var item: String?
    /// The speaker the sender believes holds the floor; "" for nobody.
    public var speaker: String?

    public init(item: String? = nil, speaker: String? = nil) {
        self.item = item
        self.speaker = speaker
    }
}
