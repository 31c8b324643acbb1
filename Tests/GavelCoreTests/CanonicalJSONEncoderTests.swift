import Foundation
import GavelCore
import Testing

@Suite struct CanonicalJSONEncoderTests {
    private struct Sample: Encodable {
        var zulu = "last in the alphabet, first in CodingKeys"
        var alpha: Int? = nil
        var list: [Int] = [1, 2]
        var empty: [String] = []
        var nested = ["only": true]

        enum CodingKeys: String, CodingKey { case zulu, alpha, list, empty, nested }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(zulu, forKey: .zulu)
            try container.encode(alpha, forKey: .alpha)
            try container.encode(list, forKey: .list)
            try container.encode(empty, forKey: .empty)
            try container.encode(nested, forKey: .nested)
        }
    }

    @Test func keysKeepTheOrderTheTypeWritesThem() throws {
        let text = String(decoding: try CanonicalJSONEncoder().encode(Sample()), as: UTF8.self)

        #expect(
            text == """
                {
                  "zulu": "last in the alphabet, first in CodingKeys",
                  "alpha": null,
                  "list": [
                    1,
                    2
                  ],
                  "empty": [],
                  "nested": {
                    "only": true
                  }
                }
                """
        )
    }

    @Test func compactOutputHasNoWhitespace() throws {
        let text = String(decoding: try CanonicalJSONEncoder(prettyPrinted: false).encode(Sample()), as: UTF8.self)

        #expect(
            text == #"{"zulu":"last in the alphabet, first in CodingKeys","alpha":null,"#
                + #""list":[1,2],"empty":[],"nested":{"only":true}}"#
        )
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() throws {
        let value = "quote \" backslash \\ newline \n tab \t bell \u{07} slash / Lajčák – ’"
        let data = try CanonicalJSONEncoder().encode([value])

        #expect(
            String(decoding: data, as: UTF8.self)
                == "[\n  \"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 slash / Lajčák – ’\"\n]"
        )
        #expect(try JSONDecoder().decode([String].self, from: data) == [value])
    }

    @Test func sameAgendaGivesTheSameBytesEveryTime() throws {
        let agenda = ExampleAgenda.agenda
        let first = agenda.canonicalJSON()

        for _ in 0..<20 {
            #expect(agenda.canonicalJSON() == first)
        }
        #expect(try JSONDecoder().decode(Agenda.self, from: first) == agenda)
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try CanonicalJSONEncoder().encode([Double.nan]) }
    }
}
