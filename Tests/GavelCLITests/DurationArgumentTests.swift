import ArgumentParser
import Testing

@testable import gavel

/// Durations on the command line, and the refusal of the ambiguous bare number.
@Suite struct DurationArgumentTests {
    @Test(arguments: [("90s", 90), ("2m", 120), ("1m30s", 90), ("1:30", 90), ("1h15m", 4500), ("0:05", 5)])
    func acceptedForms(text: String, seconds: Int) throws {
        #expect(try #require(DurationArgument(argument: text)).duration == .seconds(seconds))
    }

    @Test(arguments: ["2", "90", "two minutes", "1:5", "-1m", "", "1.5m"])
    func anythingElseIsRefused(text: String) {
        #expect(DurationArgument(argument: text) == nil)
    }

    @Test func aBadDurationIsAUsageErrorThatShowsTheAcceptedForms() {
        do {
            _ = try Extend.parse(["2"])
            Issue.record("'2' was accepted")
        } catch {
            #expect(Gavel.exitCode(for: error) == ExitStatus.usage)
            let message = Gavel.fullMessage(for: error)
            #expect(message.contains("90s, 2m, 1m30s, 1h, 1h15m or 1:30"), "\(message)")
        }
    }
}
