/// The WebSocket subprotocols gaveld speaks.
///
/// Versioning rule: within a version messages only gain optional fields and new message types;
/// clients ignore fields and types they do not know. Anything else is a new subprotocol, offered
/// beside the old one for at least one release.
public enum ProtocolVersion: String, Hashable, Sendable, CaseIterable, Comparable {
    /// Every change sends the whole state, every item's projection included.
    case v1 = "gavel.v1"
    /// The plan and the lists are sent when they change; each change sends a small `state`
    /// whose size does not depend on the agenda (docs/protocol.md).
    case v2 = "gavel.v2"

    /// The newest, which gavel and the display page speak.
    public static let current = ProtocolVersion.v2

    public static func < (a: ProtocolVersion, b: ProtocolVersion) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Constants of the wire protocol shared by gaveld, gavel and the display page.
public enum WireProtocol {
    /// What a client offers in `Sec-WebSocket-Protocol`, newest first: an older daemon answers
    /// with the one it knows.
    public static let offer = ProtocolVersion.allCases.sorted(by: >).map(\.rawValue).joined(separator: ", ")
    /// The WebSocket path.
    public static let webSocketPath = "/ws"
    /// The version reported in `hello` and `/healthz`.
    public static let serverVersion = "0.1.0"
    /// Inbound messages larger than this close the connection with 1009.
    public static let maximumMessageBytes = 64 * 1024
}

/// WebSocket close codes gaveld uses, with the reason texts it sends.
public enum CloseCode {
    /// The daemon is shutting down or restarting; reconnect with backoff.
    public static let goingAway: UInt16 = 1001
    /// Wrong subprotocol or a frame that breaks the protocol.
    public static let protocolError: UInt16 = 1002
    /// Binary frames are not part of the protocol.
    public static let unsupportedData: UInt16 = 1003
    /// Text that is not valid UTF-8.
    public static let invalidPayload: UInt16 = 1007
    /// Policy: too slow, stalled, or too many failed authentications.
    public static let policyViolation: UInt16 = 1008
    /// A message over 64 KiB.
    public static let messageTooBig: UInt16 = 1009
    /// An error inside the daemon.
    public static let internalError: UInt16 = 1011
}
