import CLibWebSockets

/// A text message serialised once and written as-is to any number of connections.
///
/// The bytes live in one buffer with libwebsockets' `LWS_PRE` headroom in front, so every
/// `lws_write` can frame them in place without a copy. The end of that headroom holds the
/// message's frame header, made once: a message sent whole is one unmasked text frame, the same
/// bytes for every connection, and a plain connection gets `frame` in one send(). Messages larger
/// than `Transport.frameBytes` are sent as several fragments, each copied into the connection's own
/// frame buffer (the header of a fragment would otherwise overwrite payload other connections
/// still need).
///
/// Sendable: the payload never changes after `init`. libwebsockets writes the header of a whole
/// frame into the headroom on the service thread (for a TLS connection); those are the bytes
/// `init` put there, so what another thread reads of the frame meanwhile does not change.
public final class OutboundMessage: @unchecked Sendable {
    /// The payload's length in bytes.
    public let count: Int
    /// The length of the frame header in front of the payload: 2, 4 or 10 bytes (RFC 6455 5.2).
    private let headerCount: Int
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
        assert(headroom >= 10, "LWS_PRE leaves room for the longest frame header")
        count = bytes.count
        storage = UnsafeMutableRawPointer.allocate(byteCount: headroom + max(count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: headroom)
        let payload = storage.advanced(by: headroom).bindMemory(to: UInt8.self, capacity: max(count, 1))
        _ = UnsafeMutableBufferPointer(start: payload, count: count).initialize(from: bytes)
        headerCount = Self.writeFrameHeader(payloadCount: count, before: storage.advanced(by: headroom))
    }

    /// Writes the header of an unmasked, final text frame of `payloadCount` bytes just before
    /// `payload`: what lws_write writes there for a whole text message. Returns its length.
    private static func writeFrameHeader(payloadCount: Int, before payload: UnsafeMutableRawPointer) -> Int {
        let finText: UInt8 = 0x81
        let length = UInt64(payloadCount)
        let header: [UInt8]
        if length < 126 {
            header = [finText, UInt8(length)]
        } else if length < 65_536 {
            header = [finText, 126, UInt8(length >> 8), UInt8(length & 0xFF)]
        } else {
            header = [finText, 127] + (0..<8).reversed().map { UInt8((length >> (8 * UInt64($0))) & 0xFF) }
        }
        let start = payload - header.count
        for (offset, byte) in header.enumerated() { start.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self) }
        return header.count
    }

    deinit {
        storage.deallocate()
    }

    /// The payload with `LWS_PRE` writable bytes before it: what `lws_write` wants.
    var payload: UnsafeMutablePointer<UInt8> {
        storage.advanced(by: Int(gavel_lws_pre())).assumingMemoryBound(to: UInt8.self)
    }

    /// The whole message as one WebSocket frame, header and payload, ready for send().
    var frame: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: UnsafeRawPointer(payload) - headerCount, count: headerCount + count)
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
