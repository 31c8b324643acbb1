/// The daemon's HTTP paths, named once for the daemon's route table, the CLI and the tests'
/// expectations (docs/protocol.md lists them).
public enum APIPath {
    public static let state = "/api/v1/state"
    public static let agenda = "/api/v1/agenda"
    public static let commands = "/api/v1/commands"
    public static let meetings = "/api/v1/meetings"
    /// Every WebSocket connection, displays and clients (control token required).
    public static let displays = "/api/v1/displays"
    /// The current meeting's alerts so far, newest last (`?limit=N`).
    public static let alerts = "/api/v1/alerts"
    /// Every item's list of speakers (`ListsMessage`).
    public static let lists = "/api/v1/lists"
    public static let report = "/api/v1/report"
    /// The groups' budgets in an item and the shares of floor time (`BudgetsMessage`, `?item=ID`).
    public static let budgets = "/api/v1/budgets"
    /// A plan to end by a hard end (`PlanMessage`, `?end=HH:MM`).
    public static let plan = "/api/v1/plan"
    /// The report page, HTML for a browser.
    public static let reportPage = "/report"
    /// A pairing code for a console (the chair's token): `gavel console`.
    public static let pairings = "/api/v1/pairings"
    /// A pairing code traded for its level's token, by the console.
    public static let pair = "/api/v1/pair"
    /// Every room's summary (`VenueMessage`): the venue overview.
    public static let venue = "/api/v1/venue"
    /// Who leads the room (`LeaderMessage`): for clients that know several daemons of a room.
    public static let leader = "/api/v1/leader"
    public static let health = "/healthz"
    public static let metrics = "/metrics"
}
