import Foundation

/// The shared secret that makes a connection a control connection.
///
/// It comes from `--token-file`; without one the daemon creates a random token in its state
/// directory (mode 0600) on first start. Comparison takes the same time whatever the input, so
/// the token cannot be guessed byte by byte from response times. The token is never logged.
public struct AccessToken: Sendable {
    private let bytes: [UInt8]
    public let path: String
    public let created: Bool
    /// Who besides its owner may read the token file ("its group", "everyone"), or nil. Anyone
    /// who can read it can control the meeting, so gaveld warns at start.
    public let readableBy: String?

    /// Reads the token at `path`, or creates one there when `createIfMissing` and it is absent.
    public init(path: String, createIfMissing: Bool) throws(DaemonError) {
        self.path = path
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard createIfMissing else {
                throw DaemonError("token file \(path) does not exist; create it or leave out --token-file")
            }
            var generator = SystemRandomNumberGenerator()
            let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
                .joined()
            let created = manager.createFile(
                atPath: path,
                contents: Data((token + "\n").utf8),
                attributes: [.posixPermissions: 0o600]
            )
            guard created else {
                throw DaemonError("cannot create the token file \(path); check the directory's permissions")
            }
            self.bytes = Array(token.utf8)
            self.created = true
            self.readableBy = Self.readableBy(path)
            return
        }
        guard let data = manager.contents(atPath: path) else {
            throw DaemonError("cannot read the token file \(path); check its permissions")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= 16 else {
            throw DaemonError(
                "the token in \(path) is too short: use at least 16 characters (e.g. `openssl rand -hex 32`)"
            )
        }
        self.bytes = Array(token.utf8)
        self.created = false
        self.readableBy = Self.readableBy(path)
    }

    /// "everyone" when others may read the file, "its group" when its group may, else nil.
    static func readableBy(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        if status.st_mode & S_IROTH != 0 { return "everyone" }
        if status.st_mode & S_IRGRP != 0 { return "its group" }
        return nil
    }

    /// The token itself, for a pairing code's redemption (`POST /api/v1/pair`), which hands it to
    /// the console that proved it was shown the code. Never logged.
    var secret: String { String(decoding: bytes, as: UTF8.self) }

    /// True when `candidate` is the token, in time independent of where they differ (it depends
    /// only on the token's length).
    public func matches(_ candidate: some StringProtocol) -> Bool {
        let other = Array(candidate.utf8)
        // The lengths are compared whole: folded into one byte, a candidate 256 bytes longer than
        // the token (the token followed by anything) would compare equal.
        var difference: UInt = UInt(bitPattern: other.count ^ bytes.count)
        for index in bytes.indices {
            difference |= UInt(bytes[index] ^ (index < other.count ? other[index] : 0))
        }
        return difference == 0
    }

    /// The token from an `Authorization: Bearer TOKEN` header value.
    public func matches(authorization header: String?) -> Bool {
        guard let header else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        return matches(parts[1].trimmingCharacters(in: .whitespaces))
    }
}

/// A daemon start-up or configuration problem, said plainly.
public struct DaemonError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
