import GavelCore
import GavelProtocol

/// Short single-use codes that hand a level's token to a console (`gavel console` asks for one,
/// the console page redeems it): the token itself never has to be typed, put in a URL or shown.
///
/// Kept in memory only: a restart forgets every code. No I/O; the caller passes the time and the
/// random numbers. Six digits give a million codes; the guesses of one address are bounded by
/// `ControlAttemptLimiter` (ten a minute by default), which refuses even a right code past the
/// limit, and a code lives minutes.
struct PairingCodes {
    struct Pairing: Equatable {
        var level: AccessLevel
        var expiresAt: Instant
    }

    enum Redemption: Equatable {
        case redeemed(AccessLevel)
        /// Never issued, already used, or long forgotten.
        case unknown
        case expired(at: Instant)
    }

    /// The shortest and longest life a code may be given.
    static let ttlRange: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)
    static let defaultTTL: Duration = .seconds(300)
    /// Codes at once, live or expired; the oldest expired go first, and past it no new one is made.
    static let capacity = 64
    /// How long an expired code is remembered, to be answered "expired" rather than "unknown".
    static let rememberedAfterExpiry: Duration = .seconds(3600)

    private(set) var codes: [String: Pairing] = [:]

    /// A new code for `level`, valid for `ttl` from `now`; nil when `capacity` codes are live.
    mutating func issue(
        level: AccessLevel,
        ttl: Duration,
        at now: Instant,
        using generator: inout some RandomNumberGenerator
    ) -> (code: String, expiresAt: Instant)? {
        forget(at: now)
        if codes.count >= Self.capacity {
            guard
                let oldest = codes.filter({ $0.value.expiresAt <= now }).min(by: {
                    $0.value.expiresAt < $1.value.expiresAt
                })
            else { return nil }
            codes[oldest.key] = nil
        }
        var code: String
        repeat {
            let number = Int.random(in: 0...999_999, using: &generator)
            code = String(number)
            code = String(repeating: "0", count: 6 - code.count) + code
        } while codes[code] != nil
        let pairing = Pairing(level: level, expiresAt: now + ttl)
        codes[code] = pairing
        return (code, pairing.expiresAt)
    }

    /// Redeems `code` at `now`: a live code is used up; an expired one stays expired.
    mutating func redeem(_ code: String, at now: Instant) -> Redemption {
        forget(at: now)
        guard let pairing = codes[code] else { return .unknown }
        guard now < pairing.expiresAt else { return .expired(at: pairing.expiresAt) }
        codes[code] = nil
        return .redeemed(pairing.level)
    }

    private mutating func forget(at now: Instant) {
        codes = codes.filter { now < $0.value.expiresAt + Self.rememberedAfterExpiry }
    }
}
