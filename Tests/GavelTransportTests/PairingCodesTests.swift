import GavelCore
import GavelProtocol
import Testing

@testable import GavelServer

/// Pairing codes on a manual clock, with a seeded generator.
@Suite struct PairingCodesTests {
    private let start = Instant(millisecondsSinceEpoch: 1_780_000_000_000)

    /// Deterministic random numbers: a different code each time, the same in every run.
    struct Counter: RandomNumberGenerator {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test func aCodeIsSixDigitsAndWorksOnce() {
        var codes = PairingCodes()
        var random = Counter()
        let issued = codes.issue(level: .secretariat, ttl: .seconds(60), at: start, using: &random)!
        #expect(issued.code.count == 6 && issued.code.allSatisfy(\.isNumber))
        #expect(issued.expiresAt == start + .seconds(60))
        #expect(codes.redeem(issued.code, at: start + .seconds(59)) == .redeemed(.secretariat))
        #expect(codes.redeem(issued.code, at: start + .seconds(59)) == .unknown)
    }

    @Test func anExpiredCodeIsToldApartFromAWrongOne() {
        var codes = PairingCodes()
        var random = Counter()
        let issued = codes.issue(level: .chair, ttl: .seconds(5), at: start, using: &random)!
        #expect(codes.redeem(issued.code, at: start + .seconds(5)) == .expired(at: start + .seconds(5)))
        #expect(codes.redeem(issued.code, at: start + .seconds(6)) == .expired(at: start + .seconds(5)))
        let wrong = issued.code == "000000" ? "000001" : "000000"
        #expect(codes.redeem(wrong, at: start + .seconds(1)) == .unknown)
        // Long after, it is forgotten.
        #expect(codes.redeem(issued.code, at: start + .seconds(5) + PairingCodes.rememberedAfterExpiry) == .unknown)
    }

    @Test func codesAtOnceAreBoundedAndExpiredOnesMakeRoom() {
        var codes = PairingCodes()
        var random = Counter()
        for _ in 0..<PairingCodes.capacity {
            #expect(codes.issue(level: .chair, ttl: .seconds(10), at: start, using: &random) != nil)
        }
        #expect(Set(codes.codes.keys).count == PairingCodes.capacity, "no two live codes are the same")
        #expect(codes.issue(level: .chair, ttl: .seconds(10), at: start + .seconds(1), using: &random) == nil)
        #expect(codes.issue(level: .chair, ttl: .seconds(10), at: start + .seconds(11), using: &random) != nil)
    }
}
