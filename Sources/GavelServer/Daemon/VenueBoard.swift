import GavelJournal

/// Where this room's summary goes for the venue overview: the venue's PostgreSQL
/// (`PostgresVenueBoard`), which every room's daemon shares; nil with an SQLite journal, where
/// the overview is this daemon's room alone. Its calls return at once, from the service thread.
public protocol VenueBoard: AnyObject, Sendable {
    /// This room's summary (`RoomStatus`, JSON); a newer one replaces one not yet written.
    func publish(_ summary: String)
    /// Whether this daemon speaks for its room (it leads it; a standby does not).
    func speaksForRoom(_ speaks: Bool)
}

extension PostgresVenueBoard: VenueBoard {}
