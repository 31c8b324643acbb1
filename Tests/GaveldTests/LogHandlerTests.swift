import Testing

@testable import gaveld

/// A log line's values are quoted exactly when they hold a space, a quote, `=` or a line break,
/// so a line splits unambiguously into fields.
@Suite struct LogHandlerTests {
    /// The byte scan agrees with the rule said in Characters, for every scalar up to U+3000 alone,
    /// after a letter, and before one.
    @Test func aValueIsQuotedExactlyWhenItHoldsASeparator() {
        func rule(_ value: String) -> Bool {
            value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        }
        for code in 1...0x3000 {
            guard let scalar = Unicode.Scalar(code) else { continue }
            for value in ["\(scalar)", "a\(scalar)", "\(scalar)b", "é\(scalar)è"] {
                #expect(GaveldLogHandler.needsQuotes(value) == rule(value), "U+\(String(code, radix: 16))")
            }
        }
    }

    @Test func quotingEscapesQuotesBackslashesAndNewlines() {
        #expect(GaveldLogHandler.quoted("next") == "next")
        #expect(GaveldLogHandler.quoted("Mme Françoise") == #""Mme Françoise""#)
        #expect(GaveldLogHandler.quoted("") == #""""#)
        #expect(GaveldLogHandler.quoted("a\"b\\c\nd") == #""a\"b\\c\nd""#)
        #expect(GaveldLogHandler.quoted("Genève") == "Genève")
        #expect(GaveldLogHandler.quoted("line\u{2028}break") == "\"line\u{2028}break\"")
    }
}
