import CLibWebSockets

/// A text message serialised once and written as-is to any number of connections.
///
/// The bytes live in one buffer with libwebsockets' `LWS_PRE` headroom in front, so every
/// `lws_write` can frame them in place without a copy. Messages larger than
/// `Transport.frameBytes` are sent as several fragments, each copied into the connection's own
/// frame buffer (the header of a fragment would otherwise overwrite payload other connections
/// still need).
///
/// Sendable: the payload never changes after `init`. libwebsockets writes the frame header into
/// the headroom on the service thread; for a given message that header is always the same bytes,
/// and nothing else reads them.
public final class OutboundMessage: @unchecked Sendable {
    /// The payload's length in bytes.
    public let count: Int
    private let storage: UnsafeMutableRawPointer

    /// A message carrying `text`.
    public convenience init(text: String) {
        self.init(validUTF8: text.utf8)
    }

    /// A message carrying `bytes`, which must be valid UTF-8 (a WebSocket text frame).
    public convenience init(utf8 bytes: some Collection<UInt8>) {
        let array = Array(bytes)
        precondition(String(validating: array, as: UTF8.self) != nil, "OutboundMessage(utf8:) needs valid UTF-8")
        self.init(validUTF8: array)
    }

    private init(validUTF8 bytes: some Collection<UInt8>) {
        let headroom = Int(gavel_lws_pre())
        count = bytes.count
        storage = UnsafeMutableRawPointer.allocate(byteCount: headroom + max(count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: headroom)
        let payload = storage.advanced(by: headroom).bindMemory(to: UInt8.self, capacity: max(count, 1))
        _ = UnsafeMutableBufferPointer(start: payload, count: count).initialize(from: bytes)
    }

    deinit {
        storage.deallocate()
    }

    /// The payload with `LWS_PRE` writable bytes before it: what `lws_write` wants.
    var payload: UnsafeMutablePointer<UInt8> {
        storage.advanced(by: Int(gavel_lws_pre())).assumingMemoryBound(to: UInt8.self)
    }

    /// The payload as text (for tests and logs).
    public var text: String {
        String(decoding: UnsafeBufferPointer(start: payload, count: count), as: UTF8.self)
    }
}

/// How a message joins a connection's outgoing queue.
public enum Delivery: Sendable, Hashable {
    /// Acks, errors, pongs, alerts: delivered in order; a connection that lets
    /// `Transport.Configuration.maxQueuedMessages` of them pile up is closed (1008, "too slow").
    case queued
    /// Snapshots (the state, the agenda, ...): a connection keeps at most one unsent per slot; a
    /// newer one replaces it, taking the position of the newest submission. A slow reader gets
    /// the latest of each, not a backlog.
    case latest(Slot)

    /// Which snapshot a `.latest` message is: one unsent message per slot and connection.
    public struct Slot: Sendable, Hashable {
        let number: UInt8

        public init(_ number: UInt8) {
            self.number = number
        }

        /// The slot of gavel's state messages.
        public static let state = Slot(0)
    }
}
