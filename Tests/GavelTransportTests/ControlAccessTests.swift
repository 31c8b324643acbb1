import Foundation
import GavelCore
import Testing

@testable import GavelServer

/// The gate every control attempt passes, driven with a manual clock.
@Suite struct ControlAccessTests {
    private static let secret = "0123456789abcdef0123456789abcdef"
    private let start = Instant(millisecondsSinceEpoch: 1_780_000_000_000)
    private let chair = "127.0.0.1"

    private static let secretariat = "secretariat-0123456789abcdef"
    private static let reader = "read-0123456789abcdef0123"

    private static func token(_ secret: String) throws -> AccessToken {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gavel-token-\(UUID().uuidString)")
            .path
        try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try AccessToken(path: path, createIfMissing: false)
    }

    private func access(limit: Int = 10, window: Duration = .seconds(60)) throws -> ControlAccess {
        ControlAccess(
            tokens: [
                .chair: try Self.token(Self.secret), .secretariat: try Self.token(Self.secretariat),
                .read: try Self.token(Self.reader),
            ],
            originPolicy: try OriginPolicy(allowedOrigins: ["https://chair.example.org"]),
            limit: ControlAttemptLimiter.Policy(maxFailures: limit, window: window)
        )
    }

    @Test func theRightTokenIsTakenFromAnAddressPastItsLimit() throws {
        // Once, ten failures from an address refused the right token too: anyone sharing the
        // chair's address could keep the chair out with ten requests a minute.
        var access = try access()
        for n in 1...25 {
            _ = access.decide(.token("guess-\(n)-guess-guess"), peer: chair, origin: nil, at: start + .seconds(n))
        }
        #expect(
            access.decide(.token("another-guess-guess"), peer: chair, origin: nil, at: start + .seconds(30))
                == .rateLimited(retryAfterSeconds: 31)  // the window opened at the first guess
        )
        let now = start + .seconds(30)
        #expect(access.decide(.token(Self.secret), peer: chair, origin: nil, at: now) == .granted(.chair))
        #expect(
            access.decide(.authorization("Bearer \(Self.secret)"), peer: chair, origin: nil, at: now)
                == .granted(.chair)
        )
        #expect(
            access.decide(
                .authorization("Bearer \(Self.secret)"),
                peer: chair,
                origin: "https://chair.example.org",
                at: now
            )
                == .granted(.chair)
        )
    }

    @Test func eachLevelsTokenIsGrantedAtItsLevel() throws {
        var access = try access()
        #expect(access.decide(.token(Self.secret), peer: chair, origin: nil, at: start) == .granted(.chair))
        #expect(
            access.decide(.authorization("Bearer \(Self.secretariat)"), peer: chair, origin: nil, at: start)
                == .granted(.secretariat)
        )
        #expect(access.decide(.token(Self.reader), peer: chair, origin: nil, at: start) == .granted(.read))
        #expect(access.failures.trackedCount == 0)
    }

    @Test func aRightTokenOfAnyLevelIsTakenPastTheLimit() throws {
        var access = try access(limit: 2)
        for n in 1...3 {
            _ = access.decide(.token("guess-\(n)-guess-guess"), peer: chair, origin: nil, at: start + .seconds(n))
        }
        #expect(
            access.decide(.token(Self.secretariat), peer: chair, origin: nil, at: start + .seconds(4))
                == .granted(.secretariat)
        )
        #expect(
            access.decide(.token(Self.reader), peer: chair, origin: nil, at: start + .seconds(4)) == .granted(.read)
        )
    }

    @Test func readingIsOpenToPagesThatMayNotControl() throws {
        var access = try access()
        let hostile = "https://elsewhere.example.com"
        #expect(
            access.decide(.token(Self.reader), peer: chair, origin: hostile, at: start)
                == .forbiddenOrigin(hostile)
        )
        #expect(
            access.decide(.token(Self.reader), peer: chair, origin: hostile, at: start, reading: true)
                == .granted(.read)
        )
        #expect(
            access.decide(.token("wrong-wrong-wrong-wrong"), peer: chair, origin: hostile, at: start, reading: true)
                == .wrongToken(.first)
        )
    }

    @Test func noTokenIsNotAGuessAndIsNeverLimited() throws {
        var access = try access(limit: 3)
        for n in 0..<50 {
            #expect(access.decide(.none, peer: chair, origin: nil, at: start + .milliseconds(n)) == .noToken)
        }
        #expect(access.failures.trackedCount == 0)
        #expect(
            access.decide(.token("wrong-wrong-wrong-1"), peer: chair, origin: nil, at: start) == .wrongToken(.first)
        )
    }

    @Test func wrongTokensAreCountedPerAddressThenLimitedUntilTheWindowEnds() throws {
        var access = try access(limit: 3, window: .seconds(60))
        let wrong = ControlAccess.Credential.token("wrong-wrong-wrong-1")
        #expect(access.decide(wrong, peer: chair, origin: nil, at: start) == .wrongToken(.first))
        #expect(access.decide(wrong, peer: chair, origin: nil, at: start + .seconds(1)) == .wrongToken(.counted(2)))
        #expect(
            access.decide(wrong, peer: chair, origin: nil, at: start + .seconds(2))
                == .wrongToken(.limitReached(retryAfter: .seconds(58)))
        )
        #expect(
            access.decide(wrong, peer: chair, origin: nil, at: start + .milliseconds(2_500))
                == .rateLimited(retryAfterSeconds: 58)  // 57.5 s, rounded up
        )
        #expect(access.decide(wrong, peer: "10.0.0.9", origin: nil, at: start + .seconds(3)) == .wrongToken(.first))
        // Refused attempts do not extend the window.
        #expect(access.decide(wrong, peer: chair, origin: nil, at: start + .seconds(60)) == .wrongToken(.first))
    }

    @Test func aPageOfAnotherOriginIsRefusedBeforeTheTokenIsLookedAt() throws {
        var access = try access(limit: 1)
        for credential in [ControlAccess.Credential.token(Self.secret), .token("wrong-wrong-wrong"), .none] {
            #expect(
                access.decide(credential, peer: chair, origin: "https://evil.example", at: start)
                    == .forbiddenOrigin("https://evil.example")
            )
        }
        #expect(access.failures.trackedCount == 0)
        // No browser page reaches the Unix socket: an Origin there is an older gavel CLI's.
        #expect(
            access.decide(.token(Self.secret), peer: "unix", origin: "http://localhost", at: start) == .granted(.chair)
        )
    }

    @Test func aWaitIsWholeSecondsRoundedUpAndNeverZero() {
        #expect(ControlAccess.wholeSeconds(.milliseconds(1)) == 1)
        #expect(ControlAccess.wholeSeconds(.zero) == 1)
        #expect(ControlAccess.wholeSeconds(.milliseconds(59_001)) == 60)
        #expect(ControlAccess.wholeSeconds(.seconds(60)) == 60)
    }
}
