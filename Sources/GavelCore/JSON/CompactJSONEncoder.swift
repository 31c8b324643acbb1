import Foundation

/// Encodes a value as compact JSON, written straight into bytes as `encode(to:)` goes: keys in
/// the order it writes them, no spaces, and the same text for every scalar as Foundation's
/// `JSONEncoder` with `.withoutEscapingSlashes` (a `Double` as its shortest form without a
/// trailing `.0`, `Data` as base64, a `URL` as its absolute string, control characters escaped
/// as `\n` or `\u001f`, everything else as it is).
///
/// Why not Foundation's: on Linux it builds a tree of dictionaries and then serialises it, which
/// was a tenth of a command's work in gaveld (the state and the answer of each command, each
/// encoded once). This writes each byte once.
///
/// It handles containers used one after another, as every synthesised and hand-written
/// `encode(to:)` here does: a nested container is finished before its parent writes its next
/// key. Anything else (writing to a container after its parent moved on, `superEncoder`,
/// `Decimal`) throws `CompactJSONEncoder.Unsupported`, and the caller encodes with Foundation's
/// (`WireCoding.encode`). Encoders' `codingPath` is always empty: it is kept for error
/// messages, and an error makes the caller encode again with an encoder that tracks it.
public struct CompactJSONEncoder: Sendable {
    /// The value used its containers in a way a one-pass writer cannot follow.
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    public init() {}

    public func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.writeValue(value)
        if let failure = writer.failure { throw Unsupported(description: failure) }
        return writer.bytes
    }
}

/// The bytes written so far and the containers still open, innermost last.
private final class JSONByteWriter {
    struct Frame {
        /// Tells a container from a later one at the same depth.
        let id: Int
        let isObject: Bool
        var count = 0
    }

    var bytes: [UInt8] = []
    var stack: [Frame] = []
    /// The depth of the value whose `encode(to:)` runs: its containers are at this depth or deeper.
    var valueDepth = 0
    var nextID = 0
    /// Set by a misuse found where nothing may throw (opening a nested container).
    var failure: String?

    init() {
        bytes.reserveCapacity(1024)
        stack.reserveCapacity(8)
    }

    func fail(_ reason: String) {
        if failure == nil { failure = reason }
    }

    // MARK: Values

    /// Writes `value` where the writer stands (after a key, a comma or nothing), then closes the
    /// containers it opened.
    func writeValue<T: Encodable>(_ value: T) throws {
        // The types Foundation's encoder writes otherwise than their own `encode(to:)` would.
        if T.self == Data.self {
            writeString((value as! Data).base64EncodedString())
            return
        }
        if T.self == URL.self {
            writeString((value as! URL).absoluteString)
            return
        }
        if T.self == Decimal.self { throw CompactJSONEncoder.Unsupported(description: "Decimal") }
        let depth = stack.count
        let mark = bytes.count
        let outer = valueDepth
        valueDepth = depth
        defer { valueDepth = outer }
        try value.encode(to: StreamEncoder(writer: self, depth: depth))
        guard failure == nil else { throw CompactJSONEncoder.Unsupported(description: failure!) }
        while stack.count > depth { closeTop() }
        // A value that wrote nothing is an empty object, as with Foundation.
        if bytes.count == mark { JSONString.appendLiteral("{}", to: &bytes) }
    }

    // Each write reaches `bytes` once, as one inout argument: every access to a class's stored
    // property is checked for exclusivity at run time, and an access per byte was a tenth of the
    // encoder's instructions.

    func writeNull() { JSONString.appendLiteral("null", to: &bytes) }

    func writeBool(_ value: Bool) { JSONString.appendLiteral(value ? "true" : "false", to: &bytes) }

    func writeInteger<T: FixedWidthInteger>(_ value: T) { Self.appendInteger(value, to: &bytes) }

    func writeFloatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: [], debugDescription: "JSON has no \(value)")
            )
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    func writeString(_ string: String) { JSONString.appendQuoted(string, to: &bytes) }

    private static func appendInteger<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // At most 20 digits (UInt64.max); written backwards, then turned around.
        let start = bytes.count
        while magnitude != 0 {
            let (quotient, digit) = magnitude.quotientAndRemainder(dividingBy: 10)
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digit))
            magnitude = quotient
        }
        bytes[start...].reverse()
    }

    // MARK: Containers

    /// Opens an object or an array at `depth` for the value being written there, or returns the
    /// one it already opened (a second `container(keyedBy:)` call adds to the same object).
    func open(isObject: Bool, at depth: Int) -> Int {
        if stack.count > depth {
            guard depth >= valueDepth, stack[depth].isObject == isObject, isObject else {
                fail("a value opened a second container")
                return -1
            }
            return stack[depth].id
        }
        guard stack.count == depth else {
            fail("a container was opened after its value was written")
            return -1
        }
        return push(isObject: isObject)
    }

    /// Opens a container as the next element of the container `(level, id)`.
    func openNested(isObject: Bool, in level: Int, id: Int, key: String?) -> Int {
        guard beginElement(level: level, id: id, key: key) else { return -1 }
        return push(isObject: isObject)
    }

    private func push(isObject: Bool) -> Int {
        nextID += 1
        stack.append(Frame(id: nextID, isObject: isObject))
        bytes.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return nextID
    }

    private func closeTop() {
        let frame = stack.removeLast()
        bytes.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }

    /// Before an element of the container `(level, id)`: closes the containers nested in it (they
    /// are done), writes the comma and the key. False if that container is no longer open.
    func beginElement(level: Int, id: Int, key: String?) -> Bool {
        guard level >= valueDepth, level < stack.count, stack[level].id == id else {
            fail("a container was written to after its parent moved on")
            return false
        }
        while stack.count > level + 1 { closeTop() }
        let first = stack[level].count == 0
        stack[level].count += 1
        Self.appendElementStart(first: first, key: key, to: &bytes)
        return true
    }

    private static func appendElementStart(first: Bool, key: String?, to bytes: inout [UInt8]) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        if let key {
            JSONString.appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    func count(level: Int, id: Int) -> Int {
        level < stack.count && stack[level].id == id ? stack[level].count : 0
    }
}

private struct StreamEncoder: Encoder {
    let writer: JSONByteWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let id = writer.open(isObject: true, at: depth)
        return KeyedEncodingContainer(KeyedStream<Key>(writer: writer, level: depth, id: id))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let id = writer.open(isObject: false, at: depth)
        return UnkeyedStream(writer: writer, level: depth, id: id)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueStream(writer: writer, depth: depth, mark: writer.bytes.count)
    }
}

/// Where one value goes: a single-value container, or an array's next element. Both write every
/// scalar the same way once `begin()` has checked the place (and written an element's comma).
private protocol ValuePosition {
    var writer: JSONByteWriter { get }
    func begin() throws
}

extension ValuePosition {
    mutating func encodeNil() throws {
        try begin()
        writer.writeNull()
    }
    mutating func encode(_ value: Bool) throws {
        try begin()
        writer.writeBool(value)
    }
    mutating func encode(_ value: String) throws {
        try begin()
        writer.writeString(value)
    }
    mutating func encode(_ value: Double) throws {
        try begin()
        try writer.writeFloatingPoint(value)
    }
    mutating func encode(_ value: Float) throws {
        try begin()
        try writer.writeFloatingPoint(value)
    }
    mutating func encode(_ value: Int) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int8) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int16) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int32) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int64) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt8) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt16) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt32) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt64) throws {
        try begin()
        writer.writeInteger(value)
    }
    mutating func encode(_ value: some Encodable) throws {
        try begin()
        try writer.writeValue(value)
    }
}

/// One value, written where the writer stands; only once, and only if its value opened no container.
private struct SingleValueStream: SingleValueEncodingContainer, ValuePosition {
    let writer: JSONByteWriter
    let depth: Int
    let mark: Int
    var codingPath: [any CodingKey] { [] }

    func begin() throws {
        guard writer.stack.count == depth, writer.bytes.count == mark, writer.failure == nil else {
            throw CompactJSONEncoder.Unsupported(description: "a single value was written twice or into a container")
        }
    }
}

private struct KeyedStream<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let level: Int
    let id: Int
    var codingPath: [any CodingKey] { [] }

    private func begin(_ key: Key) throws {
        guard writer.beginElement(level: level, id: id, key: key.stringValue) else {
            throw CompactJSONEncoder.Unsupported(description: writer.failure ?? "a closed container")
        }
    }

    mutating func encodeNil(forKey key: Key) throws {
        try begin(key)
        writer.writeNull()
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try begin(key)
        writer.writeBool(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try begin(key)
        writer.writeString(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try begin(key)
        try writer.writeFloatingPoint(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        try begin(key)
        try writer.writeFloatingPoint(value)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try begin(key)
        try writer.writeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = writer.openNested(isObject: true, in: level, id: id, key: key.stringValue)
        return KeyedEncodingContainer(KeyedStream<NestedKey>(writer: writer, level: level + 1, id: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = writer.openNested(isObject: false, in: level, id: id, key: key.stringValue)
        return UnkeyedStream(writer: writer, level: level + 1, id: nested)
    }

    mutating func superEncoder() -> any Encoder {
        writer.fail("superEncoder")
        return StreamEncoder(writer: writer, depth: level + 1)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.fail("superEncoder")
        return StreamEncoder(writer: writer, depth: level + 1)
    }
}

private struct UnkeyedStream: UnkeyedEncodingContainer, ValuePosition {
    let writer: JSONByteWriter
    let level: Int
    let id: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.count(level: level, id: id) }

    func begin() throws {
        guard writer.beginElement(level: level, id: id, key: nil) else {
            throw CompactJSONEncoder.Unsupported(description: writer.failure ?? "a closed container")
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = writer.openNested(isObject: true, in: level, id: id, key: nil)
        return KeyedEncodingContainer(KeyedStream<NestedKey>(writer: writer, level: level + 1, id: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = writer.openNested(isObject: false, in: level, id: id, key: nil)
        return UnkeyedStream(writer: writer, level: level + 1, id: nested)
    }

    mutating func superEncoder() -> any Encoder {
        writer.fail("superEncoder")
        return StreamEncoder(writer: writer, depth: level + 1)
    }
}
