import Foundation
import GavelProtocol

/// The control token and where it came from, resolved the way `gavel` documents it:
/// `--token-file`, else `$GAVEL_TOKEN_FILE`, else `$GAVEL_TOKEN` (the token itself), else the
/// local daemon's state directory (`STATE_DIR/token`) when the server is on this machine.
public struct ControlToken: Hashable, Sendable {
    public enum Source: Hashable, Sendable, CustomStringConvertible {
        case option(path: String)
        case environmentFile(path: String)
        case environment
        case stateDirectory(path: String)

        public var description: String {
            switch self {
            case .option(let path): "--token-file \(path)"
            case .environmentFile(let path): "GAVEL_TOKEN_FILE (\(path))"
            case .environment: "GAVEL_TOKEN"
            case .stateDirectory(let path): path
            }
        }
    }

    /// The token, or nil when none was found.
    public var value: String?
    /// Where it came from, or where it was looked for.
    public var source: Source?
    /// Why there is no token, said so a person knows what to do; nil when there is one.
    public var problem: String?

    /// Resolves the token for `server`. `readFile` returns a file's text, or throws with a reason.
    public static func resolve(
        optionPath: String?,
        server: ServerAddress,
        environment: [String: String],
        readFile: (String) throws -> String = ControlToken.readTokenFile
    ) -> ControlToken {
        func fromFile(_ path: String, _ source: Source) -> ControlToken {
            do {
                let text = try readFile(path).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else {
                    return ControlToken(value: nil, source: source, problem: "the token file \(path) is empty")
                }
                return ControlToken(value: text, source: source, problem: nil)
            } catch {
                return ControlToken(value: nil, source: source, problem: "cannot read the token file \(path): \(error)")
            }
        }
        if let path = optionPath, !path.isEmpty { return fromFile(path, .option(path: path)) }
        if let path = environment["GAVEL_TOKEN_FILE"], !path.isEmpty {
            return fromFile(path, .environmentFile(path: path))
        }
        if let token = environment["GAVEL_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return ControlToken(value: token, source: .environment, problem: nil)
        }
        guard server.isLocal else {
            return ControlToken(
                value: nil,
                source: nil,
                problem: "no control token for \(server): give --token-file FILE, or set GAVEL_TOKEN_FILE or "
                    + "GAVEL_TOKEN (the daemon keeps its token in its state directory, e.g. /var/lib/gavel/token)"
            )
        }
        let path = LocalDaemon.stateDirectory(environment: environment) + "/" + LocalDaemon.tokenFileName
        var token = fromFile(path, .stateDirectory(path: path))
        if token.value == nil {
            token.problem =
                "no control token: \(token.problem ?? path); gaveld creates it on first start. "
                + "If gaveld runs with another state directory, set GAVEL_STATE_DIR, or give --token-file FILE "
                + "(or GAVEL_TOKEN_FILE, GAVEL_TOKEN)"
        }
        return token
    }

    /// Reads a token file, saying why not in plain words.
    public static func readTokenFile(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Unreadable("it does not exist")
        }
        guard !isDirectory.boolValue else { throw Unreadable("it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Unreadable(
                FileManager.default.isReadableFile(atPath: path) ? "it cannot be read" : "permission denied"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }

    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
