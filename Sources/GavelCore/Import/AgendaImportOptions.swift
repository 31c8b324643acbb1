/// What the caller knows that the file may not say.
public struct AgendaImportOptions: Sendable, Hashable {
    /// The zone the user named (`--time-zone`). Used when neither the file nor its venue gives
    /// one; a conflicting zone is reported, not silently applied.
    public var timeZone: String?
    /// The machine's zone, used as a last resort with a warning. The core reads no environment,
    /// so the caller passes it.
    public var fallbackTimeZone: String?
    /// The date to assume when the file has none (usually today, passed by the caller), with a warning.
    public var fallbackDate: LocalDate?

    public init(timeZone: String? = nil, fallbackTimeZone: String? = nil, fallbackDate: LocalDate? = nil) {
        self.timeZone = timeZone
        self.fallbackTimeZone = fallbackTimeZone
        self.fallbackDate = fallbackDate
    }
}

/// An imported agenda and what the importer had to say about it.
public struct ImportedAgenda: Sendable {
    public var agenda: Agenda
    public var format: AgendaFormat
    /// Warnings only: an import with errors throws `AgendaImportError`.
    public var warnings: [Diagnostic]
    /// Where `agenda.timeZone` came from, so a person can see whether it was guessed.
    public var timeZoneSource: TimeZoneSource
    /// Lines of a programme that were read and not used, each with why (`agenda check --verbose`).
    public var skippedLines: [SkippedLine] = []

    public init(agenda: Agenda, format: AgendaFormat, warnings: [Diagnostic], timeZoneSource: TimeZoneSource = .file) {
        self.agenda = agenda
        self.format = format
        self.warnings = warnings
        self.timeZoneSource = timeZoneSource
    }
}

/// Where an imported agenda's time zone came from, most trustworthy first.
public enum TimeZoneSource: String, Sendable, Hashable, CaseIterable {
    /// The file names its zone.
    case file
    /// Inferred from a city or landmark in the venue ("UN Headquarters, New York").
    case venue
    /// The zone the user passed (`--time-zone`), as the file gives none.
    case option
    /// The machine's own zone, the last resort.
    case machine

    /// True when nobody stated the zone for this agenda: it was worked out from other facts.
    public var isInferred: Bool { self == .venue || self == .machine }
}
