/// What a format-specific parser extracts, before the shared rules (time zone, gaps, order,
/// ids) turn it into an `Agenda`. Each part remembers its line so errors can name it.
struct AgendaDraft: Sendable {
    var title: String?
    /// The title in other languages, by language code (JSON agendas' `titles`).
    var titles: [String: String] = [:]
    var subtitle: String?
    var date: LocalDate?
    var dateLine: Int?
    var venue: String?
    var venueLine: Int?
    /// A zone the file names explicitly (a JSON `timeZone`, a "Time zone:" line, a `GMT` suffix).
    var timeZone: String?
    var timeZoneLine: Int?
    var defaults = AgendaDefaults()
    var rules = RulesPack.unGeneralAssembly
    var rulesLine: Int?
    var groups: [SpeakerGroup] = []
    var attributes: [String: [String: String]] = [:]
    var shares: [ShareTarget] = []
    var hardEnd: LocalTime?
    var items: [DraftItem] = []
    /// Diagnostics found while parsing (the assembler adds its own).
    var diagnostics: [Diagnostic] = []
    /// Lines read and not used, with why.
    var skipped: [SkippedLine] = []
    /// What the numbers in `line` fields count: lines of a file, or items of an agenda that
    /// arrived as a value (`Agenda.validated()`), which has no lines.
    var numbering = Numbering.lines

    enum Numbering: Sendable {
        case lines
        case items
    }

    /// "line 14", or "item 3": where another part of the input is.
    func place(_ number: Int) -> String {
        switch numbering {
        case .lines: "line \(number)"
        case .items: "item \(number)"
        }
    }

    /// "the item on line 14", or "item 3".
    func theItem(_ number: Int) -> String {
        switch numbering {
        case .lines: "the item on line \(number)"
        case .items: "item \(number)"
        }
    }

    /// "on line 14", or "by item 3": where an id was first used.
    func usedBy(_ number: Int) -> String {
        switch numbering {
        case .lines: "on line \(number)"
        case .items: "by item \(number)"
        }
    }
}

struct DraftItem: Sendable {
    /// The line where the item's time range was found.
    var line: Int
    /// An id given by the file (JSON); nil lets the assembler number the item.
    var id: String?
    var title: String
    /// nil lets the assembler decide (a titled "Coffee break" is a break).
    var kind: AgendaItem.Kind?
    /// nil means the draft's date.
    var date: LocalDate?
    var start: LocalTime
    var end: LocalTime
    var people: [Person] = []
    var speakerTime: Duration?
    var alerts: AlertThresholds?
    var floorAlerts: AlertThresholds?
    var notes: String?
    var list = PlannedList()
    /// The title in other languages, by language code (JSON agendas' `titles`).
    var titles: [String: String] = [:]
    /// What the programme calls the gap after this item ("Déjeuner libre"), when it names it.
    var breakTitle: String?
    var budgets: [GroupBudget] = []
    var planning = ItemPlanning()
}
