import Foundation
import GavelCore

/// What a client sends over the WebSocket.
public enum ClientMessage: Hashable, Sendable {
    /// Clock sync: `{"type":"ping","t0":1234.5}` with the client's send time, echoed in `pong`.
    case ping(t0: Double)
    /// `{"type":"subscribe","tick":true}` adds (false removes) the 1 Hz tick; gavel.v2's
    /// `"topics":["agenda","progress","queue"]` sets the topics. An absent field changes nothing.
    case subscribe(tick: Bool?, topics: Set<Topic>?)
    /// `{"type":"auth","token":"..."}` makes the connection a control connection.
    case auth(token: String)
    case command(CommandRequest)
    /// `{"type":"display","view":"hall","language":"en","clockOffsetMs":12.5,...}`: a display page
    /// says what it is, for the technician's list (`DisplayInfo`).
    case display(DisplayInfo)

    /// The message types a client may send.
    public static let types = ["ping", "subscribe", "auth", "command", "display"]

    /// Decodes one text message; the error says what was wrong, for the sender.
    ///
    /// The text is parsed once: its `type` picks how the same decoder reads the rest (a command is
    /// most of what gaveld reads, and parsing it twice was a twentieth of a command's work). A
    /// display message, rare, is read again by `DisplayInfo.decode`, which checks its field names.
    public static func decode(_ bytes: some Collection<UInt8>) -> Result<ClientMessage, ProtocolError> {
        let data = Data(bytes)
        let parsed: Parsed
        do {
            parsed = try WireCoding.decoder().decode(Parsed.self, from: data)
        } catch let error as BodyError {
            return .failure(ProtocolError(.badRequest, "\(error.type): \(WireCoding.describe(error.underlying))"))
        } catch {
            return .failure(
                ProtocolError(.badRequest, "\(WireCoding.describe(error)); a message is a JSON object with a 'type'")
            )
        }
        switch parsed {
        case .message(let message): return .success(message)
        case .invalid(let error): return .failure(error)
        case .display: return DisplayInfo.decode(data).map(ClientMessage.display)
        }
    }

    /// What one parse of a message gives.
    private enum Parsed: Decodable {
        case message(ClientMessage)
        case invalid(ProtocolError)
        /// Read again by `DisplayInfo.decode`.
        case display

        private enum Keys: String, CodingKey { case type }

        init(from decoder: any Decoder) throws {
            let type = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .type)
            do {
                self = try Self.body(of: type, from: decoder)
            } catch {
                // The envelope was fine: the error is in the rest, and is said with the type.
                throw BodyError(type: type, underlying: error)
            }
        }

        private static func body(of type: String, from decoder: any Decoder) throws -> Parsed {
            switch type {
            case "ping":
                let ping = try Ping(from: decoder)
                guard ping.t0.isFinite else {
                    return .invalid(ProtocolError(.badRequest, "field 't0' must be a finite number"))
                }
                return .message(.ping(t0: ping.t0))
            case "subscribe":
                let subscribe = try Subscribe(from: decoder)
                var topics: Set<Topic>?
                if let names = subscribe.topics {
                    switch Topic.parse(names: names) {
                    case .success(let parsed): topics = parsed
                    case .failure(let error): return .invalid(ProtocolError(.badRequest, "subscribe: \(error.message)"))
                    }
                }
                return .message(.subscribe(tick: subscribe.tick, topics: topics))
            case "auth":
                return .message(.auth(token: try Auth(from: decoder).token))
            case "command":
                return .message(.command(try CommandRequest(from: decoder)))
            case "display":
                return .display
            default:
                return .invalid(
                    ProtocolError(
                        .badRequest,
                        "unknown message type '\(type)'; types are \(types.joined(separator: ", "))"
                    )
                )
            }
        }
    }

    /// A message whose `type` was read and whose rest was not.
    private struct BodyError: Error {
        let type: String
        let underlying: any Error
    }

    private struct Ping: Decodable { var t0: Double }
    private struct Subscribe: Decodable {
        var tick: Bool?
        var topics: [String]?
    }
    private struct Auth: Decodable { var token: String }
}

/// A request the daemon refuses before it reaches the meeting: malformed, unauthorised, ...
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        /// Malformed JSON, an unknown type or command, a missing or mistyped field.
        case badRequest
        /// No token, or the wrong one.
        case unauthorized
        /// Too many failed attempts; wait before trying again.
        case rateLimited
        /// The token is right, but its level may not do this (a secretariat's clock command).
        case forbidden
        /// A pairing code that has expired: ask for a new one (`gavel console`).
        case pairingExpired
        /// The journal cannot be written (disk full, read-only): nothing was changed.
        case journalUnavailable
        /// The command's id was already used for a different command: nothing was applied; send
        /// the command with a fresh id (an id is for retrying the very same command).
        case idReused
        /// Something went wrong inside the daemon.
        case internalError
        /// HTTP: no such path.
        case notFound
        /// HTTP: the path exists, not with this method (the response's `Allow` lists those it has).
        case methodNotAllowed
        /// HTTP: a POST without `Content-Length`.
        case lengthRequired
        /// HTTP: a body over the limit.
        case tooLarge
        /// HTTP: request headers over the limit (431).
        case headersTooLarge
        /// HTTP: a body that did not arrive within the header timeout (408).
        case requestTimeout
        /// HTTP: at the connection limit, or shutting down; try again (`Retry-After`).
        case unavailable
        /// A standby (`gaveld --standby`) or a primary that lost its lease: nothing was applied;
        /// send the command to the leader (`leader`, when known; HTTP 503).
        case notLeader
    }

    public var code: Code
    public var message: String
    /// `notLeader`: the URL of the daemon that leads the room, when known.
    public var leader: String?

    public init(_ code: Code, _ message: String, leader: String? = nil) {
        self.code = code
        self.message = message
        self.leader = leader
    }

    public var description: String { message }
}
