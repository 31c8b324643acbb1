import Foundation
import GavelCore

/// A command as it travels over WebSocket or `POST /api/v1/commands`:
/// `{"type":"command","id":"c-17","command":"next","expect":{"item":"2"}}`.
///
/// The id makes a retry safe: the daemon answers a repeated id from its journal instead of
/// applying the command twice. `expect` names the state the sender saw (see `ExpectedState`).
public struct CommandRequest: Hashable, Sendable {
    /// Chosen by the sender (a UUID does); nil lets the daemon assign one, without retry safety.
    public var id: String?
    public var command: MeetingCommand
    public var expect: ExpectedState?

    public init(id: String?, command: MeetingCommand, expect: ExpectedState? = nil) {
        self.id = id
        self.command = command
        self.expect = expect
    }

    /// Longest accepted command id.
    public static let maximumIDLength = 128

    /// The name of each command on the wire, as the CLI and docs/protocol.md spell it.
    public var name: String { command.wireName }
}

extension MeetingCommand {
    /// The command's wire name.
    public var wireName: String {
        switch self {
        case .start: "start"
        case .goTo: "goto"
        case .next: "next"
        case .previous: "previous"
        case .pause: "pause"
        case .resume: "resume"
        case .extend: "extend"
        case .trim: "trim"
        case .endItem: "endItem"
        case .endMeeting: "endMeeting"
        case .grantFloor: "floorGrant"
        case .extendFloor: "floorExtend"
        case .pauseFloor: "floorPause"
        case .resumeFloor: "floorResume"
        case .yieldFloor: "floorYield"
        case .queueAdd: "queueAdd"
        case .queueRemove: "queueRemove"
        case .queueMove: "queueMove"
        case .queueNext: "queueNext"
        case .interrupt: "interrupt"
        case .returnFloor: "floorReturn"
        case .inscribe: "listAdd"
        case .inscribeAll: "listImport"
        case .closeList: "listClose"
        case .reopenList: "listReopen"
        case .adjustBudget: "budgetAdd"
        case .transferBudget: "budgetTransfer"
        case .acceptPlan: "planAccept"
        case .showMessage: "showMessage"
        case .clearMessage: "clearMessage"
        case .blackout: "blackout"
        case .endBlackout: "endBlackout"
        case .flash: "flash"
        case .loadAgenda: "loadAgenda"
        case .editAgenda(let edit):
            switch edit {
            case .insert: "agendaInsert"
            case .remove: "agendaRemove"
            case .move: "agendaMove"
            case .retitle: "agendaRetitle"
            case .retime: "agendaRetime"
            }
        }
    }

    /// Every wire name, for error messages and documentation.
    public static let wireNames = [
        "start", "goto", "next", "previous", "pause", "resume", "extend", "trim", "endItem", "endMeeting",
        "floorGrant", "floorExtend", "floorPause", "floorResume", "floorYield",
        "queueAdd", "queueRemove", "queueMove", "queueNext", "listAdd", "listImport", "listClose", "listReopen",
        "interrupt", "floorReturn", "budgetAdd", "budgetTransfer", "planAccept", "showMessage", "clearMessage",
        "blackout", "endBlackout", "flash", "loadAgenda",
        "agendaInsert", "agendaRemove", "agendaMove", "agendaRetitle", "agendaRetime",
    ]
}

extension CommandRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case type, id, command, expect, item, duration, speaker, position, to, text, preset, audience, agenda
        case speech, delegation, rank, override, speakers, group, from, end, take
        case title, start, kind
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        if let id {
            guard !id.isEmpty, id.count <= Self.maximumIDLength, !id.contains(where: \.isNewline) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .id,
                    in: c,
                    debugDescription: "a command id is 1 to \(Self.maximumIDLength) characters on one line"
                )
            }
        }
        expect = try c.decodeIfPresent(ExpectedState.self, forKey: .expect)
        let name = try c.decode(String.self, forKey: .command)

        func duration(_ key: CodingKeys) throws -> Duration {
            guard let value = try optionalDuration(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: c.codingPath, debugDescription: "required"))
            }
            return value
        }
        func optionalDuration(_ key: CodingKeys) throws -> Duration? {
            guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
            if let seconds = try? c.decode(Double.self, forKey: key) {
                guard seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key,
                        in: c,
                        debugDescription: "a duration in seconds must be between 0 and 86400"
                    )
                }
                return .milliseconds(Int64((seconds * 1000).rounded()))
            }
            let text = try c.decode(String.self, forKey: key)
            guard let value = DurationText.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: c,
                    debugDescription: "'\(text)' is not a duration; write it as \(DurationText.acceptedForms)"
                )
            }
            return value
        }
        func audience() throws -> DisplayAudience {
            guard let name = try c.decodeIfPresent(String.self, forKey: .audience) else { return .everyone }
            guard let audience = DisplayAudience(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .audience,
                    in: c,
                    debugDescription: "unknown audience '\(name)'; audiences are "
                        + DisplayAudience.allCases.map(\.rawValue).joined(separator: ", ")
                )
            }
            return audience
        }
        // `text`, or a preset's name standing for its text; not both, which would leave a doubt.
        func messageText() throws -> String {
            guard let name = try c.decodeIfPresent(String.self, forKey: .preset) else {
                return try c.decode(String.self, forKey: .text)
            }
            guard !c.contains(.text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .preset,
                    in: c,
                    debugDescription: "give either 'text' or 'preset', not both"
                )
            }
            guard let preset = MessagePreset.named(name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .preset,
                    in: c,
                    debugDescription: "unknown preset '\(name)'; presets are \(MessagePreset.names)"
                )
            }
            return preset.text
        }
        func queueReference() throws -> QueueReference {
            if let position = try c.decodeIfPresent(Int.self, forKey: .position) { return .position(position) }
            if let speaker = try c.decodeIfPresent(String.self, forKey: .speaker) { return .speaker(speaker) }
            throw DecodingError.dataCorruptedError(
                forKey: .position,
                in: c,
                debugDescription: "give 'position' (1 is the head of the queue) or 'speaker'"
            )
        }

        func inscription() throws -> Inscription {
            Inscription(
                speaker: try c.decode(String.self, forKey: .speaker),
                delegation: try c.decodeIfPresent(String.self, forKey: .delegation),
                speech: try c.decodeIfPresent(String.self, forKey: .speech),
                rank: try c.decodeIfPresent(String.self, forKey: .rank),
                time: try optionalDuration(.duration)
            )
        }
        // An agenda item, by id or 1-based position, required.
        func agendaItem() throws -> String {
            if let position = try? c.decode(Int.self, forKey: .item) { return String(position) }
            return try c.decode(String.self, forKey: .item)
        }
        func startTime() throws -> LocalTime? {
            guard let text = try c.decodeIfPresent(String.self, forKey: .start) else { return nil }
            guard let time = LocalTime(canonical: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .start,
                    in: c,
                    debugDescription: "'\(text)' is not a time of day; write it as HH:MM (24-hour clock)"
                )
            }
            return time
        }
        func itemKind() throws -> AgendaItem.Kind {
            guard let name = try c.decodeIfPresent(String.self, forKey: .kind) else { return .session }
            guard let kind = AgendaItem.Kind(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .kind,
                    in: c,
                    debugDescription: "unknown kind '\(name)'; kinds are "
                        + AgendaItem.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                )
            }
            return kind
        }
        let override = try c.decodeIfPresent(Bool.self, forKey: .override) ?? false
        // A list's item, by id or 1-based position; absent for the current list.
        func listItem() throws -> String? {
            if let position = try? c.decode(Int.self, forKey: .item) { return String(position) }
            return try c.decodeIfPresent(String.self, forKey: .item)
        }

        switch name {
        case "start": command = .start
        case "goto":
            if let position = try? c.decode(Int.self, forKey: .item) {
                command = .goTo(String(position))
            } else {
                command = .goTo(try c.decode(String.self, forKey: .item))
            }
        case "next": command = .next
        case "previous": command = .previous
        case "pause": command = .pause
        case "resume": command = .resume
        case "extend": command = .extend(try duration(.duration))
        case "trim": command = .trim(try duration(.duration))
        case "endItem": command = .endItem
        case "endMeeting": command = .endMeeting
        case "floorGrant":
            command = .grantFloor(
                speaker: try c.decode(String.self, forKey: .speaker),
                duration: try optionalDuration(.duration),
                speech: try c.decodeIfPresent(String.self, forKey: .speech),
                delegation: try c.decodeIfPresent(String.self, forKey: .delegation),
                override: override
            )
        case "floorExtend": command = .extendFloor(try duration(.duration))
        case "floorPause": command = .pauseFloor
        case "floorResume": command = .resumeFloor
        case "floorYield": command = .yieldFloor
        case "queueAdd":
            command = .queueAdd(
                speaker: try c.decode(String.self, forKey: .speaker),
                time: try optionalDuration(.duration)
            )
        case "queueRemove": command = .queueRemove(try queueReference(), item: try listItem())
        case "queueMove":
            command = .queueMove(
                try queueReference(),
                toPosition: try c.decode(Int.self, forKey: .to),
                item: try listItem()
            )
        case "queueNext": command = .queueNext
        case "listAdd": command = .inscribe(try inscription(), item: try listItem(), override: override)
        case "listImport":
            command = .inscribeAll(
                try c.decode([Inscription].self, forKey: .speakers),
                item: try listItem(),
                override: override
            )
        case "listClose": command = .closeList(item: try listItem())
        case "listReopen": command = .reopenList(item: try listItem())
        case "interrupt": command = .interrupt(try inscription(), override: override)
        case "floorReturn": command = .returnFloor
        case "budgetAdd":
            // The wire's durations are not negative: taking time is `"take": true`.
            let amount = try duration(.duration)
            let take = try c.decodeIfPresent(Bool.self, forKey: .take) ?? false
            command = .adjustBudget(
                group: try c.decode(String.self, forKey: .group),
                by: take ? .zero - amount : amount,
                item: try listItem()
            )
        case "budgetTransfer":
            command = .transferBudget(
                from: try c.decode(String.self, forKey: .from),
                to: try c.decode(String.self, forKey: .to),
                amount: try duration(.duration),
                item: try listItem()
            )
        case "planAccept": command = .acceptPlan(end: try c.decodeIfPresent(LocalTime.self, forKey: .end))
        case "showMessage": command = .showMessage(try messageText(), audience: try audience())
        case "clearMessage": command = .clearMessage
        case "blackout": command = .blackout(try audience())
        case "endBlackout": command = .endBlackout
        case "flash": command = .flash(try audience())
        case "loadAgenda": command = .loadAgenda(try c.decode(Agenda.self, forKey: .agenda))
        case "agendaInsert":
            command = .editAgenda(
                .insert(
                    title: try c.decode(String.self, forKey: .title),
                    length: try duration(.duration),
                    position: try c.decodeIfPresent(Int.self, forKey: .position),
                    start: try startTime(),
                    kind: try itemKind()
                )
            )
        case "agendaRemove": command = .editAgenda(.remove(item: try agendaItem()))
        case "agendaMove":
            command = .editAgenda(.move(item: try agendaItem(), toPosition: try c.decode(Int.self, forKey: .to)))
        case "agendaRetitle":
            command = .editAgenda(.retitle(item: try agendaItem(), title: try c.decode(String.self, forKey: .title)))
        case "agendaRetime":
            command = .editAgenda(
                .retime(item: try agendaItem(), start: try startTime(), length: try optionalDuration(.duration))
            )
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .command,
                in: c,
                debugDescription:
                    "unknown command '\(name)'; commands are \(MeetingCommand.wireNames.joined(separator: ", "))"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("command", forKey: .type)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(command.wireName, forKey: .command)
        try c.encodeIfPresent(expect, forKey: .expect)
        func encode(_ duration: Duration?, _ key: CodingKeys = .duration) throws {
            guard let duration else { return }
            // Whole seconds read best as "1m30s"; a fraction (decoded from `30.5`) goes as a number,
            // or it would come back as "30s".
            if duration.milliseconds % 1000 == 0 {
                try c.encode(DurationText.compact(duration), forKey: key)
            } else {
                try c.encode(Double(duration.milliseconds) / 1000, forKey: key)
            }
        }
        // Everyone is the default and left out, so a message to everyone has the same canonical
        // form (and `CommandDigest`) as before audiences existed.
        func encode(_ audience: DisplayAudience) throws {
            guard audience != .everyone else { return }
            try c.encode(audience.rawValue, forKey: .audience)
        }
        func encode(_ reference: QueueReference) throws {
            switch reference {
            case .position(let position): try c.encode(position, forKey: .position)
            case .speaker(let speaker): try c.encode(speaker, forKey: .speaker)
            }
        }
        // Absent when false, so commands without one keep the canonical form (and
        // `CommandDigest`) they had before overrides existed.
        func encode(override: Bool) throws {
            if override { try c.encode(true, forKey: .override) }
        }
        func encode(_ inscription: Inscription) throws {
            try c.encode(inscription.speaker, forKey: .speaker)
            try c.encodeIfPresent(inscription.delegation, forKey: .delegation)
            try c.encodeIfPresent(inscription.speech, forKey: .speech)
            try c.encodeIfPresent(inscription.rank, forKey: .rank)
            try encode(inscription.time)
        }
        switch command {
        case .start, .next, .previous, .pause, .resume, .endItem, .endMeeting, .pauseFloor, .resumeFloor,
            .yieldFloor, .queueNext, .clearMessage, .endBlackout, .returnFloor:
            break
        case .goTo(let item): try c.encode(item, forKey: .item)
        case .extend(let d), .trim(let d), .extendFloor(let d): try encode(d)
        case .grantFloor(let speaker, let d, let speech, let delegation, let override):
            try c.encode(speaker, forKey: .speaker)
            try encode(d)
            try c.encodeIfPresent(speech, forKey: .speech)
            try c.encodeIfPresent(delegation, forKey: .delegation)
            try encode(override: override)
        case .queueAdd(let speaker, let d):
            try c.encode(speaker, forKey: .speaker)
            try encode(d)
        case .inscribe(let inscription, let item, let override):
            try encode(inscription)
            try c.encodeIfPresent(item, forKey: .item)
            try encode(override: override)
        case .inscribeAll(let inscriptions, let item, let override):
            try c.encode(inscriptions, forKey: .speakers)
            try c.encodeIfPresent(item, forKey: .item)
            try encode(override: override)
        case .interrupt(let inscription, let override):
            try encode(inscription)
            try encode(override: override)
        case .closeList(let item), .reopenList(let item):
            try c.encodeIfPresent(item, forKey: .item)
        case .adjustBudget(let group, let delta, let item):
            try c.encode(group, forKey: .group)
            try encode(delta < .zero ? .zero - delta : delta)
            if delta < .zero { try c.encode(true, forKey: .take) }
            try c.encodeIfPresent(item, forKey: .item)
        case .transferBudget(let from, let to, let amount, let item):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try encode(amount)
            try c.encodeIfPresent(item, forKey: .item)
        case .acceptPlan(let end): try c.encodeIfPresent(end, forKey: .end)
        case .queueRemove(let reference, let item):
            try encode(reference)
            try c.encodeIfPresent(item, forKey: .item)
        case .queueMove(let reference, let to, let item):
            try encode(reference)
            try c.encode(to, forKey: .to)
            try c.encodeIfPresent(item, forKey: .item)
        case .showMessage(let text, let audience):
            try c.encode(text, forKey: .text)
            try encode(audience)
        case .blackout(let audience), .flash(let audience): try encode(audience)
        case .loadAgenda(let agenda): try c.encode(agenda, forKey: .agenda)
        case .editAgenda(let edit):
            switch edit {
            case .insert(let title, let length, let position, let start, let kind):
                try c.encode(title, forKey: .title)
                try encode(length)
                try c.encodeIfPresent(position, forKey: .position)
                try c.encodeIfPresent(start?.description, forKey: .start)
                if kind != .session { try c.encode(kind.rawValue, forKey: .kind) }
            case .remove(let item):
                try c.encode(item, forKey: .item)
            case .move(let item, let to):
                try c.encode(item, forKey: .item)
                try c.encode(to, forKey: .to)
            case .retitle(let item, let title):
                try c.encode(item, forKey: .item)
                try c.encode(title, forKey: .title)
            case .retime(let item, let start, let length):
                try c.encode(item, forKey: .item)
                try c.encodeIfPresent(start?.description, forKey: .start)
                try encode(length)
            }
        }
    }
}
