// The journal stores events as flat JSON objects, readable by a person with sqlite3:
// {"type":"itemAdjusted","at":1526911320000,"item":1,"byMs":120000}.

extension MeetingEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case type, at, agenda, planDate, item, byMs, speaker, durationMs, id, toIndex, text
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        let at = try c.decode(Instant.self, forKey: .at)
        func ms(_ key: CodingKeys) throws -> Duration { .milliseconds(try c.decode(Int64.self, forKey: key)) }
        switch type {
        case "agendaReplaced": self = .agendaReplaced(try c.decode(Agenda.self, forKey: .agenda), at: at)
        case "meetingStarted": self = .meetingStarted(at: at, planDate: try c.decode(LocalDate.self, forKey: .planDate))
        case "itemStarted": self = .itemStarted(index: try c.decode(Int.self, forKey: .item), at: at)
        case "itemEnded": self = .itemEnded(index: try c.decode(Int.self, forKey: .item), at: at)
        case "meetingPaused": self = .meetingPaused(at: at)
        case "meetingResumed": self = .meetingResumed(at: at)
        case "itemAdjusted": self = .itemAdjusted(index: try c.decode(Int.self, forKey: .item), by: try ms(.byMs), at: at)
        case "floorGranted":
            self = .floorGranted(speaker: try c.decode(String.self, forKey: .speaker), duration: try ms(.durationMs), at: at)
        case "floorAdjusted": self = .floorAdjusted(by: try ms(.byMs), at: at)
        case "floorPaused": self = .floorPaused(at: at)
        case "floorResumed": self = .floorResumed(at: at)
        case "floorYielded": self = .floorYielded(at: at)
        case "speakerQueued":
            let time = try c.decodeIfPresent(Int64.self, forKey: .durationMs).map { Duration.milliseconds($0) }
            self = .speakerQueued(
                id: try c.decode(Int.self, forKey: .id), speaker: try c.decode(String.self, forKey: .speaker),
                time: time, at: at)
        case "speakerUnqueued": self = .speakerUnqueued(id: try c.decode(Int.self, forKey: .id), at: at)
        case "speakerMoved":
            self = .speakerMoved(id: try c.decode(Int.self, forKey: .id), toIndex: try c.decode(Int.self, forKey: .toIndex), at: at)
        case "messageShown": self = .messageShown(try c.decode(String.self, forKey: .text), at: at)
        case "messageCleared": self = .messageCleared(at: at)
        case "meetingEnded": self = .meetingEnded(at: at)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown event type '\(type)' (written by a newer Gavel?)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .type)
        try c.encode(at, forKey: .at)
        switch self {
        case .agendaReplaced(let agenda, _): try c.encode(agenda, forKey: .agenda)
        case .meetingStarted(_, let planDate): try c.encode(planDate, forKey: .planDate)
        case .itemStarted(let index, _), .itemEnded(let index, _): try c.encode(index, forKey: .item)
        case .itemAdjusted(let index, let by, _):
            try c.encode(index, forKey: .item)
            try c.encode(by.milliseconds, forKey: .byMs)
        case .floorGranted(let speaker, let duration, _):
            try c.encode(speaker, forKey: .speaker)
            try c.encode(duration.milliseconds, forKey: .durationMs)
        case .floorAdjusted(let by, _): try c.encode(by.milliseconds, forKey: .byMs)
        case .speakerQueued(let id, let speaker, let time, _):
            try c.encode(id, forKey: .id)
            try c.encode(speaker, forKey: .speaker)
            try c.encodeIfPresent(time?.milliseconds, forKey: .durationMs)
        case .speakerUnqueued(let id, _): try c.encode(id, forKey: .id)
        case .speakerMoved(let id, let toIndex, _):
            try c.encode(id, forKey: .id)
            try c.encode(toIndex, forKey: .toIndex)
        case .messageShown(let text, _): try c.encode(text, forKey: .text)
        case .meetingPaused, .meetingResumed, .floorPaused, .floorResumed, .floorYielded, .messageCleared,
             .meetingEnded:
            break
        }
    }
}
