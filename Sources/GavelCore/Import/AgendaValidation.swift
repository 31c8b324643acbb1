extension Agenda {
    /// The importers' checks on an agenda that arrives as a value (a `load_agenda` command) rather
    /// than as a file: the same rules (items in time order, no overlaps, ids unique, valid alert
    /// thresholds, a known time zone), the same normalisation (titles trimmed, gaps made breaks,
    /// missing ids numbered). Diagnostics number the items from 1, where a file's name its lines.
    public func validated() throws(AgendaImportError) -> ImportedAgenda {
        do {
            var imported = try AgendaAssembler.assemble(
                AgendaDraft(self),
                format: .json,
                options: AgendaImportOptions()
            )
            imported.warnings = imported.warnings.map(\.namingItem)
            return imported
        } catch {
            throw AgendaImportError(diagnostics: error.diagnostics.map(\.namingItem))
        }
    }
}

extension AgendaDraft {
    /// An agenda as the importers' draft, each item "on" its 1-based position.
    init(_ agenda: Agenda) {
        self.init(
            title: agenda.title,
            subtitle: agenda.subtitle,
            date: agenda.date,
            venue: agenda.venue,
            timeZone: agenda.timeZone,
            defaults: agenda.defaults,
            rules: agenda.rules,
            numbering: .items
        )
        items = agenda.items.enumerated().map { index, item in
            DraftItem(
                line: index + 1,
                id: item.id,
                title: item.title,
                kind: item.kind,
                date: item.date,
                start: item.start,
                end: item.end,
                people: item.people,
                speakerTime: item.speakerTime,
                alerts: item.alerts,
                floorAlerts: item.floorAlerts,
                notes: item.notes,
                list: item.list,
                titles: item.titles
            )
        }
        // An agenda loaded by command keeps its titles in other languages, as a file does.
        titles = agenda.titles
        groups = agenda.groups
        attributes = agenda.attributes
        shares = agenda.shares
        hardEnd = agenda.hardEnd
        for (index, item) in agenda.items.enumerated() {
            items[index].budgets = item.budgets
            items[index].planning = item.planning
        }
    }
}

extension Diagnostic {
    /// "item 3: ..." for a diagnostic whose `line` numbers an item: an agenda value has no lines.
    fileprivate var namingItem: Diagnostic {
        guard let line else { return self }
        return Diagnostic(severity, "item \(line): \(message)")
    }
}
