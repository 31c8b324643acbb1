import Foundation
import GavelCore
import GavelProtocol
import Testing

/// The error codes are one list (`MeetingError.Code` for the meeting's, `ProtocolError.Code` for
/// the daemon's, over WebSocket and HTTP alike), and docs/protocol.md names exactly that list.
@Suite struct ErrorCodeDocumentationTests {
    @Test func theProtocolDocumentListsEveryErrorCodeAndNoOther() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/protocol.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "Error codes: "))
        // The list runs from "Error codes: " to its closing "one list, `ProtocolError.Code`)".
        let paragraph = String(text[start.upperBound...]).components(separatedBy: "`ProtocolError.Code`)")[0]
        let documented = Set(
            paragraph.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
                .filter { !$0.contains(".") }
        )

        let defined = Set(MeetingError.Code.allCases.map(\.rawValue) + ProtocolError.Code.allCases.map(\.rawValue))

        #expect(documented.subtracting(defined).isEmpty, "documented but not defined")
        #expect(defined.subtracting(documented).isEmpty, "defined but not documented")
    }
}
