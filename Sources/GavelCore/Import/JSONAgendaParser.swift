import Foundation

/// Reads canonical JSON (`Agenda+JSON.swift`) into a draft, so JSON agendas get the same
/// checks as every other format. Errors name the line of the offending item where it can be found.
enum JSONAgendaParser {
    static func parse(_ text: String) -> AgendaDraft {
        var draft = AgendaDraft()
        let data = Data(text.utf8)
        let file: JSONAgendaFile
        do {
            file = try JSONDecoder().decode(JSONAgendaFile.self, from: data)
        } catch let error as DecodingError {
            draft.diagnostics.append(diagnostic(for: error, in: text))
            return draft
        } catch {
            draft.diagnostics.append(.error("not valid JSON: \(error.localizedDescription)"))
            return draft
        }
        let lines = ItemLineFinder(text: text)
        draft.title = file.title
        draft.titles = (file.titles ?? [:]).reduce(into: [:]) { result, entry in
            let text = entry.value.trimmingSpaces
            if !text.isEmpty { result[entry.key.lowercased()] = text }
        }
        draft.subtitle = file.subtitle
        draft.date = file.date
        draft.venue = file.venue
        draft.timeZone = file.timeZone
        draft.timeZoneLine = lines.line(ofKey: "timeZone")
        draft.defaults = file.defaults ?? AgendaDefaults()
        draft.rules = file.rules ?? .unGeneralAssembly
        draft.groups = file.groups ?? []
        draft.attributes = file.attributes ?? [:]
        draft.shares = file.shares ?? []
        draft.hardEnd = file.hardEnd
        draft.rulesLine = lines.line(ofKey: "rules")
        draft.items = file.items.enumerated().map { index, item in
            DraftItem(
                line: lines.line(ofItem: index) ?? 0,
                id: item.id,
                title: item.title,
                kind: item.kind,
                date: item.date,
                start: item.start,
                end: item.end,
                people: item.people ?? [],
                speakerTime: item.speakerTime,
                alerts: item.alerts,
                floorAlerts: item.floorAlerts,
                notes: item.notes,
                list: item.list ?? PlannedList(),
                titles: item.titles
            )
        }
        for (index, item) in file.items.enumerated() {
            draft.items[index].budgets = item.budgets ?? []
            draft.items[index].planning = ItemPlanning(
                fixed: item.fixed ?? false,
                minimum: item.minimum,
                droppable: item.droppable ?? false
            )
        }
        return draft
    }

    /// "items[2].start: '25:00' is not a time; write it as HH:MM (24-hour clock)"
    static func diagnostic(for error: DecodingError, in text: String) -> Diagnostic {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce("") { result, key in
                if let index = key.intValue { return result + "[\(index)]" }
                return result.isEmpty ? key.stringValue : result + "." + key.stringValue
            }
        }
        let lines = ItemLineFinder(text: text)
        func itemLine(_ codingPath: [any CodingKey]) -> Int? {
            guard codingPath.first?.stringValue == "items", codingPath.count > 1,
                let index = codingPath[1].intValue
            else { return nil }
            return lines.line(ofItem: index)
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let underlying = (context.underlyingError as NSError?)?.debugDescription ?? context.debugDescription
            return .error("not valid JSON: \(underlying)")
        case .dataCorrupted(let context):
            return .error(
                line: itemLine(context.codingPath),
                "\(path(context.codingPath)): \(context.debugDescription)"
            )
        case .keyNotFound(let key, let context):
            let location = path(context.codingPath)
            return .error(
                line: itemLine(context.codingPath),
                location.isEmpty ? "missing '\(key.stringValue)'" : "\(location): missing '\(key.stringValue)'"
            )
        case .typeMismatch(let type, let context):
            return .error(line: itemLine(context.codingPath), "\(path(context.codingPath)): expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return .error(
                line: itemLine(context.codingPath),
                "\(path(context.codingPath)): expected \(describe(type)), found null"
            )
        @unknown default:
            return .error("not a Gavel agenda: \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: type is any Collection.Type ? "a list" : "an object"
        }
    }
}

/// The file's shape: like `Agenda`, but with everything the assembler fills in optional.
private struct JSONAgendaFile: Decodable {
    var title: String?
    var titles: [String: String]?
    var subtitle: String?
    var date: LocalDate?
    var venue: String?
    var timeZone: String?
    var defaults: AgendaDefaults?
    var rules: RulesPack?
    var groups: [SpeakerGroup]?
    var attributes: [String: [String: String]]?
    var shares: [ShareTarget]?
    var hardEnd: LocalTime?
    var items: [Item]

    struct Item: Decodable {
        var id: String?
        var title: String
        var titles: [String: String]
        var kind: AgendaItem.Kind?
        var date: LocalDate?
        var start: LocalTime
        var end: LocalTime
        var people: [Person]?
        var speakerTime: Duration?
        var alerts: AlertThresholds?
        var floorAlerts: AlertThresholds?
        var notes: String?
        var list: PlannedList?
        var budgets: [GroupBudget]?
        var fixed: Bool?
        var minimum: Duration?
        var droppable: Bool?

        enum CodingKeys: String, CodingKey {
            case id, title, titles, kind, date, start, end, people, speakerTime, alerts, floorAlerts, notes, list,
                budgets, fixed, minimum, droppable
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            title = try c.decode(String.self, forKey: .title)
            titles = try c.decodeTranslations(forKey: .titles)
            kind = try c.decodeIfPresent(AgendaItem.Kind.self, forKey: .kind)
            date = try c.decodeIfPresent(LocalDate.self, forKey: .date)
            start = try c.decode(LocalTime.self, forKey: .start)
            end = try c.decode(LocalTime.self, forKey: .end)
            people = try c.decodeIfPresent([Person].self, forKey: .people)
            speakerTime = try c.decodeDurationIfPresent(forKey: .speakerTime)
            alerts = try c.decodeIfPresent(AlertThresholds.self, forKey: .alerts)
            floorAlerts = try c.decodeIfPresent(AlertThresholds.self, forKey: .floorAlerts)
            notes = try c.decodeIfPresent(String.self, forKey: .notes)
            list = try c.decodeIfPresent(PlannedList.self, forKey: .list)
            budgets = try c.decodeIfPresent([GroupBudget].self, forKey: .budgets)
            fixed = try c.decodeIfPresent(Bool.self, forKey: .fixed)
            minimum = try c.decodeDurationIfPresent(forKey: .minimum)
            droppable = try c.decodeIfPresent(Bool.self, forKey: .droppable)
        }
    }
}

/// Finds the line where the n-th object of the top-level "items" array opens, by a light scan
/// that skips strings. Good enough to point a person at the right place in a file they wrote.
private struct ItemLineFinder {
    var itemLines: [Int] = []
    var keyLines: [String: Int] = [:]

    init(text: String) {
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var current = ""
        var lastString = ""
        var itemsArrayDepth: Int?
        for character in text {
            if character == "\n" { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                    lastString = current
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                inString = true
                current = ""
            case ":":
                if depth == 1, keyLines[lastString] == nil { keyLines[lastString] = line }
            case "[":
                depth += 1
                if depth == 2, lastString == "items", itemsArrayDepth == nil { itemsArrayDepth = depth }
            case "{":
                depth += 1
                if let itemsDepth = itemsArrayDepth, depth == itemsDepth + 1 { itemLines.append(line) }
            case "]", "}":
                if character == "]", depth == itemsArrayDepth { itemsArrayDepth = -1 }
                depth -= 1
            default:
                break
            }
        }
    }

    func line(ofItem index: Int) -> Int? { itemLines.indices.contains(index) ? itemLines[index] : nil }
    func line(ofKey key: String) -> Int? { keyLines[key] }
}
