import Foundation

/// Encodes a value as JSON with its keys in the order its `encode(to:)` writes them.
///
/// Foundation's `JSONEncoder` on Linux writes an object's keys in hash order, which changes
/// from one run to the next, and `.sortedKeys` would put an item's `end` before its `start`.
/// A canonical file must be the same bytes every time and read in a sensible order, so this
/// small encoder keeps the order of each type's `CodingKeys` as written in its `encode(to:)`.
///
/// Pretty output indents by two spaces, writes `"key": value`, and writes empty arrays and
/// objects as `[]` and `{}`. Strings escape only what JSON requires (quote, backslash, control
/// characters); other characters, `/` and non-ASCII letters included, are written as they are.
public struct CanonicalJSONEncoder: Sendable {
    /// Indented, one key per line (for files); otherwise one line with no spaces (for the wire).
    public var prettyPrinted: Bool

    public init(prettyPrinted: Bool = true) {
        self.prettyPrinted = prettyPrinted
    }

    /// The JSON text of `value`, without a trailing newline.
    public func encode(_ value: some Encodable) throws -> Data {
        let root = JSONNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        var text = ""
        root.write(to: &text, indent: prettyPrinted ? 0 : nil)
        return Data(text.utf8)
    }
}

/// A JSON value under construction. A reference, because containers hand out nested
/// containers that keep writing into their parent after being returned.
private final class JSONNode {
    enum Content {
        case unset
        case scalar(String)
        case array([JSONNode])
        case object(keys: [String], values: [String: JSONNode])
    }

    var content: Content = .unset

    func makeObject() {
        if case .object = content { return }
        content = .object(keys: [], values: [:])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// The node for `key`, created at the end of the object the first time the key is written.
    func child(forKey key: String) -> JSONNode {
        makeObject()
        guard case .object(var keys, var values) = content else { preconditionFailure("not an object") }
        if let existing = values[key] { return existing }
        let node = JSONNode()
        keys.append(key)
        values[key] = node
        content = .object(keys: keys, values: values)
        return node
    }

    func appendChild() -> JSONNode {
        makeArray()
        guard case .array(var elements) = content else { preconditionFailure("not an array") }
        let node = JSONNode()
        elements.append(node)
        content = .array(elements)
        return node
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }

    /// Writes the node; `indent` is the current depth when pretty-printing, nil for compact.
    func write(to out: inout String, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        func pad(_ depth: Int?) -> String { depth.map { String(repeating: "  ", count: $0) } ?? "" }
        let inner = indent.map { $0 + 1 }
        switch content {
        case .unset:
            out += "{}"
        case .scalar(let text):
            out += text
        case .array(let elements):
            guard !elements.isEmpty else {
                out += "[]"
                return
            }
            out += "[" + newline
            for (index, element) in elements.enumerated() {
                out += pad(inner)
                element.write(to: &out, indent: inner)
                out += (index == elements.count - 1 ? "" : ",") + newline
            }
            out += pad(indent) + "]"
        case .object(let keys, let values):
            guard !keys.isEmpty else {
                out += "{}"
                return
            }
            out += "{" + newline
            for (index, key) in keys.enumerated() {
                out += pad(inner) + JSONString.quoted(key) + (indent == nil ? ":" : ": ")
                values[key]?.write(to: &out, indent: inner)
                out += (index == keys.count - 1 ? "" : ",") + newline
            }
            out += pad(indent) + "}"
        }
    }
}

private struct NodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeContainer(node: node, codingPath: codingPath)
    }
}

/// JSON text for the scalars `Encodable` knows about.
private enum Scalar {
    static func number(_ value: Double, codingPath: [any CodingKey]) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: codingPath, debugDescription: "JSON has no \(value)")
            )
        }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }
}

private struct SingleValueNodeContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    private func set(_ text: String) { node.content = .scalar(text) }

    mutating func encodeNil() throws { set("null") }
    mutating func encode(_ value: Bool) throws { set(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { set(JSONString.quoted(value)) }
    mutating func encode(_ value: Double) throws { set(try Scalar.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try Scalar.number(Double(value), codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { set(String(value)) }
    mutating func encode(_ value: Int8) throws { set(String(value)) }
    mutating func encode(_ value: Int16) throws { set(String(value)) }
    mutating func encode(_ value: Int32) throws { set(String(value)) }
    mutating func encode(_ value: Int64) throws { set(String(value)) }
    mutating func encode(_ value: UInt) throws { set(String(value)) }
    mutating func encode(_ value: UInt8) throws { set(String(value)) }
    mutating func encode(_ value: UInt16) throws { set(String(value)) }
    mutating func encode(_ value: UInt32) throws { set(String(value)) }
    mutating func encode(_ value: UInt64) throws { set(String(value)) }

    mutating func encode(_ value: some Encodable) throws {
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    private func single(_ key: Key) -> SingleValueNodeContainer {
        SingleValueNodeContainer(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) throws {
        var c = single(key)
        try c.encodeNil()
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        var c = single(key)
        try c.encode(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    private func next() -> SingleValueNodeContainer {
        let path = codingPath + [Index(count)]
        return SingleValueNodeContainer(node: node.appendChild(), codingPath: path)
    }

    mutating func encodeNil() throws {
        var c = next()
        try c.encodeNil()
    }
    mutating func encode(_ value: Bool) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: String) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: Double) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: Float) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: Int) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: Int8) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: Int16) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: Int32) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: Int64) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: UInt) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: UInt8) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: UInt16) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: UInt32) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: UInt64) throws {
        var c = next()
        try c.encode(value)
    }
    mutating func encode(_ value: some Encodable) throws {
        var c = next()
        try c.encode(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [Index(count)]
        let child = node.appendChild()
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [Index(count)]
        let child = node.appendChild()
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [Index(count)]
        return NodeEncoder(node: node.appendChild(), codingPath: path)
    }
}
