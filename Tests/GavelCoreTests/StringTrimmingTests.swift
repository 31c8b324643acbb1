import GavelCore
import Testing

/// `trimmingSpaces`, the one trimming helper: what a person typed, a cell, a header value.
@Suite struct StringTrimmingTests {
    @Test func leadingAndTrailingWhiteSpaceGoesInnerSpaceStays() {
        #expect("  Ms. Louise Arbour\t".trimmingSpaces == "Ms. Louise Arbour")
        #expect("\r\n 1h 15m \n".trimmingSpaces == "1h 15m")
        #expect("gavel.v1"[...].trimmingSpaces == "gavel.v1")
    }

    @Test func unicodeSpacesAreWhiteSpaceToo() {
        // NBSP, as pasted from a web page; U+2028 and the ideographic space, as from a word processor.
        #expect("\u{A0}Opening\u{A0}".trimmingSpaces == "Opening")
        #expect("\u{3000}Closing\u{2028}".trimmingSpaces == "Closing")
    }

    @Test func onlyWhiteSpaceLeavesNothing() {
        #expect(" \t\n\u{A0}".trimmingSpaces.isEmpty)
        #expect("".trimmingSpaces.isEmpty)
    }
}
