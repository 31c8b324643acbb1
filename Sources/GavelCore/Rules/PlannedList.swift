/// An item's list of speakers as the agenda gives it: inscribed before the meeting, in order.
public struct PlannedList: Hashable, Sendable {
    /// nil: the rules' order.
    public var order: ListOrder?
    /// Printed closed: only the chair adds to it.
    public var closed: Bool
    public var speakers: [Inscription]

    public init(order: ListOrder? = nil, closed: Bool = false, speakers: [Inscription] = []) {
        self.order = order
        self.closed = closed
        self.speakers = speakers
    }

    public var isEmpty: Bool { order == nil && !closed && speakers.isEmpty }
}
