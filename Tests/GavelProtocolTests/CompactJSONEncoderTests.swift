import Foundation
import GavelCore
import GavelProtocol
import MeetingGenerators
import PropertyBased
import Testing

/// The one-pass encoder gaveld writes its messages with says what Foundation's encoder says: the
/// same values (Foundation's key order changes from run to run, so the texts are compared as
/// JSON), each scalar in the same text, and the keys in the order `encode(to:)` writes them.
@Suite struct CompactJSONEncoderTests {
    @Test(arguments: [Agendas.hearing, Agendas.twoDays, Agendas.plenary(items: 12)])
    func everyMessageOfAMeetingMeansWhatFoundationWrites(agenda: Agenda) async throws {
        await propertyCheck(count: 20, input: MeetingSteps.generator) { steps in
            var state = MeetingState(agenda: agenda)
            var now = MeetingSteps.start
            for (index, (opcode, parameter, pause)) in steps.enumerated() {
                now = now + .seconds(pause)
                _ = try? state.apply(MeetingSteps.command(opcode, parameter), now: now)
                let seq = Int64(index)
                try expectSameMeaning(LiveStateMessage(state: state, meetingID: 7, seq: seq, at: now))
                try expectSameMeaning(StateMessage(state: state, meetingID: 7, seq: seq, at: now))
                try expectSameMeaning(AgendaMessage(state: state, meetingID: 7, seq: seq, at: now))
                try expectSameMeaning(ProgressMessage(state: state, seq: seq, at: now))
                try expectSameMeaning(QueueMessage(state: state, seq: seq))
                try expectSameMeaning(BudgetsMessage(state: state, seq: seq, at: now))
            }
        }
    }

    /// The order is the one `encode(to:)` writes, as the canonical encoder keeps it: the same bytes.
    @Test func theKeysComeInTheOrderTheyAreWritten() throws {
        var state = MeetingState(agenda: Agendas.hearing)
        try state.apply(.start, now: MeetingSteps.start)
        try state.apply(.grantFloor(speaker: "Ms. A", duration: .minutes(3)), now: MeetingSteps.start + .seconds(20))
        let live = LiveStateMessage(state: state, meetingID: 7, seq: 3, at: MeetingSteps.start + .seconds(30))
        let compact = try CompactJSONEncoder().encode(live)
        let canonical = try CanonicalJSONEncoder(prettyPrinted: false).encode(live)
        #expect(String(decoding: compact, as: UTF8.self) == String(decoding: canonical, as: UTF8.self))
        #expect(compact.starts(with: Array(#"{"type":"state","seq":3,"serverTime":"#.utf8)))
    }

    @Test func stringsAreEscapedAsFoundationEscapesThem() throws {
        var every = ""
        for value in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(value)!) }
        let strings = [
            every, "", "Ms. María Fernanda Espinosa Garcés", "a/b", "line\u{2028}separator", "😀 \"quoted\" \\",
            "Back in five", "\u{7F}\u{0}",
        ]
        for string in strings {
            try expectSameText([string])
            try expectSameText(["key \(string)": 1])
        }
    }

    @Test func numbersAreWrittenAsFoundationWritesThem() throws {
        let doubles: [Double] = [
            .leastNonzeroMagnitude,
            0, -0.0, 1, -1, 1.5, 100, 0.1, 12345.678, 1e20, 1e21, 1e-7, 1.2345678901234568e17,
            Double(Int64.max), -273.15, 1_733_390_000_123.25,
        ]
        for value in doubles { try expectSameText([value]) }
        try expectSameText([Float(1.1), Float(-0.5), Float(3)])
        try expectSameText([Int64.min, Int64.max, 0, -1, 9, 10, 99, 100])
        try expectSameText([UInt64.max, 0])
        try expectSameText([Int8.min, Int8.max])
        try expectSameText([UInt8(0), UInt8(200)])
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.infinity]) }
    }

    @Test func foundationsSpecialTypesAreWrittenAsItWritesThem() throws {
        try expectSameText([Data([1, 2, 3, 250])])
        try expectSameText([URL(string: "http://127.0.0.1:8080/display?view=podium")!])
        try expectSameText([Date(timeIntervalSinceReferenceDate: 1.5)])
        try expectSameMeaning(Nested())
        try expectSameText([Nested.Empty()])
        try expectSameMeaning([Nested?.none, Nested()])
        try expectSameMeaning(
            PongMessage(t0: 12_345.678, t1: MeetingSteps.start, t2: MeetingSteps.start + .milliseconds(3))
        )
    }

    /// A value whose containers are not used one after another cannot be written in one pass: the
    /// encoder says so, and `WireCoding` writes it with Foundation's instead.
    @Test func whatOnePassCannotFollowIsLeftToFoundation() throws {
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode(LateWriter()) }
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode(SuperWriter()) }
        #expect(throws: CompactJSONEncoder.Unsupported.self) { try CompactJSONEncoder().encode([Decimal(1.5)]) }
        for text in [WireCoding.encode(LateWriter()), WireCoding.encode(SuperWriter())] {
            #expect(String(decoding: text, as: UTF8.self).contains("\"late\":{\"x\":1}"))
        }
        // A second `container(keyedBy:)` adds to the same object, as with Foundation.
        try expectSameMeaning(TwoContainers())
    }

    // MARK: - Support

    /// Both encoders' texts read back as the same JSON.
    func expectSameMeaning(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let compact = try CompactJSONEncoder().encode(value)
        let foundation = try WireCoding.encoder().encode(value)
        let decoder = JSONDecoder()
        let mine = try decoder.decode(JSONTree.self, from: Data(compact))
        let theirs = try decoder.decode(JSONTree.self, from: foundation)
        #expect(mine == theirs, sourceLocation: sourceLocation)
    }

    /// Both encoders write the same bytes (for values whose objects have one key at most).
    func expectSameText(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let compact = String(decoding: try CompactJSONEncoder().encode(value), as: UTF8.self)
        let foundation = String(decoding: try WireCoding.encoder().encode(value), as: UTF8.self)
        #expect(compact == foundation, sourceLocation: sourceLocation)
    }
}

/// Any JSON value, read back for comparison: numbers with a fraction apart from integers.
private enum JSONTree: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else if let value = try? c.decode([JSONTree].self) {
            self = .array(value)
        } else {
            self = .object(try c.decode([String: JSONTree].self))
        }
    }
}

/// A value that writes nothing (an empty object) inside one that writes a nil it leaves out.
private struct Nested: Encodable {
    struct Empty: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }
    var empty = Empty()
    var absent: Int? = nil
    var list: [Int] = []
}

/// Writes to a nested container after its parent wrote another key.
private struct LateWriter: Encodable {
    enum Keys: String, CodingKey { case late, next }
    enum Inner: String, CodingKey { case x }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        var late = c.nestedContainer(keyedBy: Inner.self, forKey: .late)
        try c.encode(2, forKey: .next)
        try late.encode(1, forKey: .x)
    }
}

/// Uses `superEncoder`, which a one-pass writer does not offer.
private struct SuperWriter: Encodable {
    enum Keys: String, CodingKey { case late }
    enum Inner: String, CodingKey { case x }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        var late = c.superEncoder(forKey: .late).container(keyedBy: Inner.self)
        try late.encode(1, forKey: .x)
    }
}

/// Asks for its keyed container twice.
private struct TwoContainers: Encodable {
    enum Keys: String, CodingKey { case a, b }

    func encode(to encoder: any Encoder) throws {
        var first = encoder.container(keyedBy: Keys.self)
        try first.encode(1, forKey: .a)
        var second = encoder.container(keyedBy: Keys.self)
        try second.encode("two", forKey: .b)
    }
}
