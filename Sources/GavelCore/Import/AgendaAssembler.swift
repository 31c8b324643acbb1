/// The rules every importer shares: resolve the date and time zone, check the order of items,
/// turn gaps into breaks, number the items. Format parsers only extract a draft.
enum AgendaAssembler {
    /// More items than any real programme has; a file beyond this is not an agenda.
    static let maximumItems = 2000

    static func assemble(
        _ draft: AgendaDraft,
        format: AgendaFormat,
        options: AgendaImportOptions
    )
        throws(AgendaImportError) -> ImportedAgenda
    {
        var diagnostics = draft.diagnostics
        guard !draft.items.isEmpty || diagnostics.contains(where: { $0.severity == .error }) else {
            throw AgendaImportError(
                diagnostics: diagnostics + [.error(Self.noScheduleMessage(for: format))],
                skippedLines: draft.skipped
            )
        }
        if draft.items.count > maximumItems {
            diagnostics.append(
                .error(
                    "the file has \(draft.items.count) timed items; an agenda holds at most \(maximumItems)"
                )
            )
            throw AgendaImportError(diagnostics: diagnostics, skippedLines: draft.skipped)
        }

        let date = resolveDate(draft, options: options, diagnostics: &diagnostics)
        let zone = resolveTimeZone(draft, options: options, diagnostics: &diagnostics)
        let items = orderedItems(
            draft,
            date: date ?? LocalDate(year: 2000, month: 1, day: 1)!,
            diagnostics: &diagnostics
        )

        if let problem = draft.defaults.itemAlerts?.problem { diagnostics.append(.error("item alerts: \(problem)")) }
        if let problem = draft.defaults.floorAlerts?.problem { diagnostics.append(.error("floor alerts: \(problem)")) }
        for problem in draft.rules.problems { diagnostics.append(.error(line: draft.rulesLine, "rules: \(problem)")) }
        for share in draft.shares { if let problem = share.problem { diagnostics.append(.error(problem)) } }

        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let date, let zone else {
            throw AgendaImportError(diagnostics: diagnostics.sortedByLine(), skippedLines: draft.skipped)
        }
        let title = draft.title?.trimmingSpaces ?? ""
        var agenda = Agenda(
            title: title.isEmpty ? "Meeting of \(date)" : title,
            subtitle: draft.subtitle,
            date: date,
            venue: draft.venue,
            timeZone: zone.identifier,
            defaults: draft.defaults,
            rules: draft.rules,
            items: items
        )
        agenda.titles = draft.titles
        agenda.groups = draft.groups
        agenda.attributes = draft.attributes
        agenda.shares = draft.shares
        agenda.hardEnd = draft.hardEnd
        if let hardEnd = draft.hardEnd, let last = items.last, last.end > hardEnd {
            diagnostics.append(
                .warning("the programme ends at \(last.end), after the hard end \(hardEnd): plan to end on time")
            )
        }
        if title.isEmpty {
            diagnostics.append(.warning("no title found; the meeting is called '\(agenda.title)'"))
        }
        var imported = ImportedAgenda(
            agenda: agenda,
            format: format,
            warnings: diagnostics.sortedByLine(),
            timeZoneSource: zone.source
        )
        imported.skippedLines = draft.skipped
        return imported
    }

    static func noScheduleMessage(for format: AgendaFormat) -> String {
        switch format {
        case .text: "no schedule found: no line has a time range such as '10:00-10:40'"
        case .csv: "no schedule found: the CSV has a header but no rows"
        case .json: "no schedule found: 'items' is empty"
        }
    }

    private static func resolveDate(
        _ draft: AgendaDraft,
        options: AgendaImportOptions,
        diagnostics: inout [Diagnostic]
    ) -> LocalDate? {
        if let date = draft.date { return date }
        if let first = draft.items.compactMap(\.date).first { return first }
        if let fallback = options.fallbackDate {
            diagnostics.append(.warning("no date found in the file; the agenda is dated \(fallback)"))
            return fallback
        }
        diagnostics.append(.error("no date found: add a date line such as '21 May 2018'"))
        return nil
    }

    /// The file's own zone, else its venue's, else the user's, else the machine's with a warning.
    private static func resolveTimeZone(
        _ draft: AgendaDraft,
        options: AgendaImportOptions,
        diagnostics: inout [Diagnostic]
    ) -> (identifier: String, source: TimeZoneSource)? {
        if let given = options.timeZone, VenueTimeZone(identifier: given) == nil {
            diagnostics.append(.error("'\(given)' is not an IANA time zone; use a name such as America/New_York"))
            return nil
        }
        var chosen: (identifier: String, source: TimeZoneSource)?
        var source = ""
        if let zone = draft.timeZone {
            guard VenueTimeZone(identifier: zone) != nil else {
                diagnostics.append(
                    .error(
                        line: draft.timeZoneLine,
                        "'\(zone)' is not an IANA time zone; use a name such as America/New_York"
                    )
                )
                return nil
            }
            chosen = (zone, .file)
            source = "the file"
        } else if let venue = draft.venue, let zone = VenueTimeZones.zone(forVenue: venue) {
            chosen = (zone, .venue)
            source = "the venue '\(venue)'"
            diagnostics.append(.warning(line: draft.venueLine, "time zone \(zone), inferred from the venue"))
        } else if let given = options.timeZone {
            return (given, .option)
        }
        if let chosen {
            if let given = options.timeZone, given != chosen.identifier {
                diagnostics.append(.warning("ignoring --time-zone \(given): \(source) gives \(chosen.identifier)"))
            }
            return chosen
        }
        if let fallback = options.fallbackTimeZone, VenueTimeZone(identifier: fallback) != nil {
            diagnostics.append(
                .warning(
                    "no time zone in the file and no known venue; assuming \(fallback) (this machine's zone). "
                        + "Pass --time-zone to be sure"
                )
            )
            return (fallback, .machine)
        }
        diagnostics.append(.error("no time zone in the file and no known venue: pass --time-zone, e.g. Europe/Zurich"))
        return nil
    }

    private static func orderedItems(
        _ draft: AgendaDraft,
        date: LocalDate,
        diagnostics: inout [Diagnostic]
    ) -> [AgendaItem] {
        var items: [AgendaItem] = []
        var previous: (item: DraftItem, date: LocalDate)?
        var usedIDs = Set(draft.items.compactMap(\.id))
        var sessionNumber = 0
        var breakNumber = 0

        func nextID(for kind: AgendaItem.Kind) -> String {
            while true {
                let id: String
                switch kind {
                case .session:
                    sessionNumber += 1
                    id = "\(sessionNumber)"
                case .break:
                    breakNumber += 1
                    id = "break-\(breakNumber)"
                }
                if !usedIDs.contains(id) {
                    usedIDs.insert(id)
                    return id
                }
            }
        }

        var seenIDs: [String: Int] = [:]
        for draftItem in draft.items {
            let itemDate = draftItem.date ?? date
            let range = "\(draftItem.start)-\(draftItem.end)"
            if draftItem.end < draftItem.start {
                diagnostics.append(.error(line: draftItem.line, "'\(range)' ends before it starts"))
            } else if draftItem.end == draftItem.start {
                diagnostics.append(.error(line: draftItem.line, "'\(range)' has no length"))
            }
            if let id = draftItem.id {
                if id.trimmingSpaces.isEmpty {
                    diagnostics.append(.error(line: draftItem.line, "an item id cannot be empty"))
                } else if let firstLine = seenIDs[id] {
                    diagnostics.append(
                        .error(line: draftItem.line, "item id '\(id)' is already used \(draft.usedBy(firstLine))")
                    )
                }
                seenIDs[id] = draftItem.line
            }
            if draftItem.title.trimmingSpaces.isEmpty {
                diagnostics.append(.error(line: draftItem.line, "the item at \(range) has no title"))
            }
            if let problem = draftItem.alerts?.problem {
                diagnostics.append(.error(line: draftItem.line, "item alerts: \(problem)"))
            }
            if let problem = draftItem.floorAlerts?.problem {
                diagnostics.append(.error(line: draftItem.line, "floor alerts: \(problem)"))
            }
            for budget in draftItem.budgets where budget.group.isEmpty || budget.time <= .zero {
                diagnostics.append(
                    .error(
                        line: draftItem.line,
                        "a budget needs a group and a time longer than zero ('\(budget.group)')"
                    )
                )
            }
            if let problem = draftItem.planning.problem(
                length: .seconds(draftItem.end.secondsSinceMidnight - draftItem.start.secondsSinceMidnight)
            ) {
                diagnostics.append(.error(line: draftItem.line, problem))
            }
            for (position, inscription) in draftItem.list.speakers.enumerated() {
                if let problem = draft.rules.problem(with: inscription) {
                    diagnostics.append(
                        .error(line: draftItem.line, "list of speakers, speaker \(position + 1): \(problem)")
                    )
                }
            }

            if let previous {
                let previousRange = "\(previous.item.start)-\(previous.item.end)"
                if itemDate < previous.date {
                    diagnostics.append(
                        .error(
                            line: draftItem.line,
                            "'\(draftItem.title)' on \(itemDate) comes after an item on \(previous.date) (\(draft.place(previous.item.line))); list items in time order"
                        )
                    )
                } else if itemDate == previous.date {
                    if draftItem.start < previous.item.start {
                        diagnostics.append(
                            .error(
                                line: draftItem.line,
                                "'\(range)' starts before \(draft.theItem(previous.item.line)) ('\(previousRange)'); list items in time order"
                            )
                        )
                    } else if draftItem.start < previous.item.end {
                        diagnostics.append(
                            .error(
                                line: draftItem.line,
                                "'\(range)' overlaps \(draft.theItem(previous.item.line)) ('\(previousRange)')"
                            )
                        )
                    } else if draftItem.start > previous.item.end, previous.item.end > previous.item.start {
                        let gap = Duration.seconds(
                            draftItem.start.secondsSinceMidnight - previous.item.end.secondsSinceMidnight
                        )
                        let breakItem = AgendaItem(
                            id: nextID(for: .break),
                            title: previous.item.breakTitle ?? "Break",
                            kind: .break,
                            date: itemDate,
                            start: previous.item.end,
                            end: draftItem.start
                        )
                        items.append(breakItem)
                        diagnostics.append(
                            .warning(
                                line: draftItem.line,
                                "the \(DurationText.compact(gap)) gap between \(previous.item.end) and \(draftItem.start) becomes a break"
                            )
                        )
                    }
                }
            }

            let kind = draftItem.kind ?? (looksLikeBreak(draftItem.title) ? .break : .session)
            var item = AgendaItem(
                id: draftItem.id ?? nextID(for: kind),
                title: draftItem.title.trimmingSpaces,
                kind: kind,
                date: itemDate,
                start: draftItem.start,
                end: draftItem.end,
                people: draftItem.people,
                speakerTime: draftItem.speakerTime,
                alerts: draftItem.alerts,
                floorAlerts: draftItem.floorAlerts,
                notes: draftItem.notes,
                list: draftItem.list
            )
            item.titles = draftItem.titles
            item.budgets = draftItem.budgets
            item.planning = draftItem.planning
            items.append(item)
            previous = (draftItem, itemDate)
        }
        return items
    }

    /// "Coffee break", "Lunch", "Pause café", "Recess" are breaks unless the file says otherwise.
    static func looksLikeBreak(_ title: String) -> Bool {
        let words = title.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        let breakWords: Set<String> = [
            "break", "coffee", "lunch", "recess", "pause", "tea", "luncheon", "intermission",
            "pausa", "café", "cafe", "almuerzo", "déjeuner", "dejeuner", "receso", "descanso",
        ]
        return !words.isEmpty && words.count <= 4 && words.contains(where: breakWords.contains)
    }
}

extension Array where Element == Diagnostic {
    /// Diagnostics without a line first (they concern the whole file), then by line; stable.
    func sortedByLine() -> [Diagnostic] {
        enumerated().sorted { a, b in
            let la = a.element.line ?? 0
            let lb = b.element.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}
