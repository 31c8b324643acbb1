/// Which displays a message, a blackout or a flash is meant for.
///
/// The speaker's display is the podium monitor: "please wrap up" is for the person speaking, and
/// the hall must not read it. The chair's view sees everything, marked with its audience.
public enum DisplayAudience: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every display: hall, speaker and chair views.
    case everyone
    /// The speaker's display only (and the chair's view, which says so).
    case speaker
}
