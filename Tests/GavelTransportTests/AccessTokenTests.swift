import Foundation
import Testing

@testable import GavelServer

@Suite struct AccessTokenTests {
    private func token(_ text: String) throws -> AccessToken {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-token-\(UUID().uuidString)").path
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try AccessToken(path: path, createIfMissing: false)
    }

    @Test func onlyTheTokenItselfMatches() throws {
        let secret = "0123456789abcdef0123456789abcdef"
        let token = try token(secret)
        #expect(token.matches(secret))
        #expect(!token.matches(String(secret.dropLast())))
        #expect(!token.matches(secret + "0"))
        #expect(!token.matches(""))
        #expect(token.matches(authorization: "Bearer \(secret)"))
        #expect(token.matches(authorization: "bearer  \(secret)"))
        #expect(!token.matches(authorization: "Basic \(secret)"))
        #expect(!token.matches(authorization: nil))
    }

    /// Folded into one byte, a length 256 longer compared equal: the token and anything after it matched.
    @Test(arguments: [256, 512, 768, 65536])
    func theTokenFollowedByAnythingDoesNotMatch(extra: Int) throws {
        let secret = "0123456789abcdef0123456789abcdef"
        #expect(!(try token(secret)).matches(secret + String(repeating: "x", count: extra)))
    }
}

extension AccessTokenTests {
    @Test func aTokenFileOthersCanReadIsNoticed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gavel-token-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("0123456789abcdef0123\n".utf8).write(to: URL(fileURLWithPath: path))
        for (mode, readers) in [(0o600, nil), (0o640, "its group"), (0o644, "everyone"), (0o604, "everyone")] {
            #expect(chmod(path, mode_t(mode)) == 0)
            #expect(try AccessToken(path: path, createIfMissing: false).readableBy == readers, "mode \(mode)")
        }
    }

    @Test func aCreatedTokenIsTheOwnersAloneAndHas256Bits() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gavel-token-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let token = try AccessToken(path: path, createIfMissing: true)
        #expect(token.created && token.readableBy == nil)
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(text.count == 64 && text.allSatisfy(\.isHexDigit))  // 32 random bytes
    }
}
