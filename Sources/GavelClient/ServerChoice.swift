import Foundation
import GavelProtocol

/// The servers of one room (`--server a,b`, `GAVEL_SERVER=a,b`): a primary gaveld and its
/// standbys. A client talks to the one that leads, and moves on when it goes away or says it no
/// longer leads.
///
/// Who leads is asked with `GET /api/v1/leader` (`LeaderMessage`); a server that does not have
/// the path (404: a gaveld without standbys) leads alone. The servers are asked in the order
/// given, and a standby's hint (`leader`) is asked first of all, so a client finds the primary
/// in one round when any server answers. Rounds repeat until `failoverWait` has passed: long
/// enough to cover a takeover (a standby takes the lease within 2 s of the primary's death).
public struct ServerChoice: Sendable {
    /// How long a client keeps looking for a leader, and retrying a command, before it gives up:
    /// a takeover takes up to 2 s, plus the time to notice the old primary has gone.
    public static let defaultFailoverWait = Duration.seconds(10)
    /// Between two rounds of asking every server.
    static let roundPause = Duration.milliseconds(250)

    public var servers: [ServerAddress]

    public init(_ servers: [ServerAddress]) {
        precondition(!servers.isEmpty, "a server list has at least one server")
        self.servers = servers
    }

    /// `a,b,c`: each an address as `ServerAddress.parse` takes it.
    public static func parse(_ text: String) -> Result<ServerChoice, AddressError> {
        var servers: [ServerAddress] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            switch ServerAddress.parse(String(part)) {
            case .success(let address):
                if !servers.contains(address) { servers.append(address) }
            case .failure(let error):
                return .failure(text.contains(",") ? AddressError("in '\(text)': \(error.message)") : error)
            }
        }
        return .success(ServerChoice(servers))
    }

    /// One server: the client behaves exactly as it always did, and asks no one who leads.
    public var isSingle: Bool { servers.count == 1 }

    /// What one server says of itself.
    public enum Answer: Equatable, Sendable {
        /// It leads: primary, single, or a gaveld that knows nothing of standbys.
        case leads
        /// A standby; the primary it names, if any.
        case standby(leader: ServerAddress?)
        /// It did not answer (or not as gaveld does).
        case unreachable(String)
    }

    /// Asks `server` who leads.
    public static func ask(_ server: ServerAddress, timeout: Duration) -> Answer {
        let response: HTTPClient.Response
        do {
            response = try HTTPClient.get(APIPath.leader, from: server, timeout: timeout)
        } catch {
            return .unreachable(error.message)
        }
        switch response.status {
        case 200:
            guard let answer = try? JSONDecoder().decode(LeaderMessage.self, from: Data(response.body)) else {
                return .unreachable("\(server) answered \(APIPath.leader) with something else")
            }
            if answer.role == LeaderMessage.standby {
                return .standby(leader: answer.leader.flatMap { try? ServerAddress.parse($0).get() })
            }
            return .leads
        case 404:
            return .leads
        case 503:
            // A standby may refuse with notLeader rather than answer 200.
            let hint = (try? JSONDecoder().decode(ErrorMessage.self, from: Data(response.body)))?.leader
            return .standby(leader: hint.flatMap { try? ServerAddress.parse($0).get() })
        default:
            return .unreachable("\(server) answered \(APIPath.leader) with HTTP \(response.status)")
        }
    }

    /// The server that leads, asking in turn (a hint first) until one does or `wait` has
    /// passed; `preferring` is asked first (a standby's hint, the server a command was refused
    /// by named). With one server, that server, unasked.
    public func leader(
        preferring hint: ServerAddress? = nil,
        wait: Duration,
        askTimeout: Duration,
        ask: (ServerAddress, Duration) -> Answer = { ServerChoice.ask($0, timeout: $1) }
    ) throws(ClientError) -> ServerAddress {
        if isSingle { return servers[0] }
        let deadline = ContinuousClock.now + wait
        var problems: [String] = []
        var hint = hint
        repeat {
            problems = []
            var queue = servers
            if let hint { queue = [hint] + queue.filter { $0 != hint } }
            hint = nil
            var asked: Set<ServerAddress> = []
            while !queue.isEmpty {
                let server = queue.removeFirst()
                guard asked.insert(server).inserted else { continue }
                switch ask(server, askTimeout) {
                case .leads:
                    return server
                case .standby(let leader):
                    problems.append("\(server) is a standby")
                    if let leader, !asked.contains(leader) { queue.insert(leader, at: 0) }
                case .unreachable(let reason):
                    problems.append(reason)
                }
            }
            if ContinuousClock.now + Self.roundPause < deadline { Thread.sleep(forTimeInterval: 0.25) }
        } while ContinuousClock.now < deadline
        throw ClientError(
            .unreachable,
            "no server of \(servers.map(\.description).joined(separator: ", ")) leads after \(wait.text) ("
                + problems.joined(separator: "; ") + ")"
        )
    }
}

/// `GET /api/v1/leader`: which server of a room leads (docs/protocol.md).
public struct LeaderMessage: Codable, Hashable, Sendable {
    public static let primary = "primary"
    public static let standby = "standby"
    public static let single = "single"

    public var room: String?
    /// "primary", "standby" or "single".
    public var role: String
    public var term: Int64?
    /// The primary's URL (`http://host:port`), when known.
    public var leader: String?
}
