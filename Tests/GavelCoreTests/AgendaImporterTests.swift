import Foundation
import PropertyBased
import Testing

@testable import GavelCore

/// What the importer does with files that are not agendas, too big, hostile, or exported and
/// imported again.
@Suite struct AgendaImporterTests {
    typealias F = ImportFixtures

    // MARK: - Round trip

    @Test(arguments: ImportFixtures.importable.map(\.name))
    func importedAgendaRoundTripsThroughCanonicalJSON(name: String) throws {
        let options = try #require(F.importable.first { $0.name == name }?.options)
        let imported = try F.importAgenda(name, options: options)

        let reimported = try AgendaImporter.importAgenda(imported.agenda.canonicalJSON(), format: .json)

        #expect(reimported.agenda == imported.agenda)
    }

    // MARK: - Not an agenda

    @Test func emptyFileIsRejected() {
        let error = F.importErrors(Data(), fileName: "agenda.txt")

        #expect(error?.errors.map(\.description) == ["the file is empty: an agenda needs at least one timed item"])
    }

    @Test func bytesWithANulAreNotText() {
        var generator = SplitMix64(seed: 7)
        var bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[100] = 0
        let error = F.importErrors(Data(bytes), fileName: "agenda.txt")

        #expect(error?.errors.count == 1)
        #expect(error?.errors.first?.message.hasPrefix("the file is not text (a NUL byte at offset") == true)
    }

    @Test func randomBytesWithoutANulAreNotText() {
        var generator = SplitMix64(seed: 11)
        let bytes = (0..<65_536).map { _ in UInt8.random(in: 1...255, using: &generator) }
        let error = F.importErrors(Data(bytes), format: .text)

        #expect(error?.errors.count == 1)
        #expect(error?.errors.first?.message.hasPrefix("the file is not text (") == true)
        #expect(
            error?.errors.first?.message.hasSuffix(
                "control bytes); give an agenda as plain text, CSV or JSON"
            ) == true
        )
    }

    @Test(arguments: [AgendaFormat.text, .csv])
    func randomPrintableBytesAreReadAsWindows1252WithoutCrashing(format: AgendaFormat) {
        var generator = SplitMix64(seed: 13)
        let alphabet: [UInt8] = Array(0x20...0xFF) + [0x09, 0x0A, 0x0D]
        let bytes = (0..<65_536).map { _ in alphabet.randomElement(using: &generator) ?? 0x20 }
        do {
            let imported = try AgendaImporter.importAgenda(Data(bytes), format: format)
            Issue.record("random bytes imported as \(imported.agenda.items.count) items")
        } catch {
            #expect(!error.errors.isEmpty)
            #expect(error.diagnostics.first?.description == "the file is not UTF-8; it was read as Windows-1252")
        }
    }

    @Test func tenMegabyteFileIsRejectedBySize() {
        let data = Data(repeating: 0x41, count: 10 * 1024 * 1024)
        let error = F.importErrors(data, fileName: "agenda.txt")

        #expect(
            error?.errors.map(\.description) == [
                "the file is 10.0 MB; an agenda file is at most 2.0 MB. Is this the right file?"
            ]
        )
    }

    // MARK: - Large files finish, never hang

    /// A guard against runaway parsing (quadratic scans, loops), not a performance claim: these
    /// machines are shared and noisy, so speed is measured by benchmarks, not unit tests.
    static let hangLimit: Double = 60

    /// Imports `text`, which must fail, and returns the errors and how long it took.
    func timedFailure(_ text: String, format: AgendaFormat) -> (errors: [String], seconds: Double) {
        let clock = ContinuousClock()
        var errors: [String] = []
        let elapsed = clock.measure {
            errors = F.importErrors(Data(text.utf8), format: format)?.errors.map(\.description) ?? []
        }
        let (seconds, attoseconds) = elapsed.components
        return (errors, Double(seconds) + Double(attoseconds) / 1e18)
    }

    static func repeated(_ line: String, toBytes size: Int) -> String {
        String(repeating: line, count: size / line.utf8.count)
    }

    @Test(.timeLimit(.minutes(1)))
    func nearlyTwoMegabytesOfJunkLinesFailFastWithNoSchedule() {
        let line =
            "lorem ipsum 12:34 dolor sit amet, <b>consectetur</b> &amp; adipiscing elit 21 May 2018 Mr. Sed do "
            + "eiusmod tempor: TBC\n"
        let result = timedFailure(Self.repeated(line, toBytes: 1_900_000), format: .text)

        #expect(result.errors == ["no schedule found: no line has a time range such as '10:00-10:40'"])
        #expect(result.seconds < Self.hangLimit, "took \(result.seconds) s")
    }

    @Test(.timeLimit(.minutes(1)))
    func nearlyTwoMegabytesOfShortLinesAreRefusedAtOnce() {
        let result = timedFailure(Self.repeated("junk 10:00\n", toBytes: 1_900_000), format: .text)

        #expect(
            result.errors.first
                == "the file has more than 20000 lines, more than any programme; is this the right file?"
        )
        #expect(result.seconds < Self.hangLimit, "took \(result.seconds) s")
    }

    @Test(.timeLimit(.minutes(1)))
    func nearlyTwoMegabytesOfBrokenTimesStopAfterFiftyErrors() {
        let line =
            "10:4O Opening of the session with a long title that goes on and on for a while longer, "
            + "and a little longer still\n"
        let result = timedFailure("Title\n21 May 2018\n" + Self.repeated(line, toBytes: 1_900_000), format: .text)

        #expect(
            result.errors.filter {
                $0.hasSuffix(
                    "looks like a time but cannot be read; write times as 10:40, "
                        + "10.40, 10h40 or 10:40 am"
                )
            }.count == 50
        )
        #expect(result.errors.contains("line 53: more than 50 errors; the rest are not shown. Is this the right file?"))
        #expect(result.seconds < Self.hangLimit, "took \(result.seconds) s")
    }

    @Test(.timeLimit(.minutes(1)))
    func nearlyTwoMegabytesOfRowsFailFastByTheirCount() {
        let row =
            "10:00-10:40\t<b>Opening</b>  Remarks by: Ms. Ana Costa, Director Mr. Tom Berg, Head  "
            + "Moderator: TBC\n"
        let header = "Title\n21 May 2018\nRoom 1, New York\n"
        let result = timedFailure(header + Self.repeated(row, toBytes: 1_900_000), format: .text)

        #expect(result.errors.first == "the file has 19191 timed items; an agenda holds at most 2000")
        #expect(result.seconds < Self.hangLimit, "took \(result.seconds) s")
    }

    @Test(.timeLimit(.minutes(1)))
    func nearlyTwoMegabytesOfTextUnderOneRowIsReadFast() throws {
        let line = "Ms. Someone Name, Position of something and Mr. Other Person, another long position text here\n"
        let header = "Title\n21 May 2018\nRoom 1, New York\n10:00-10:40 Opening\n"
        let text = header + Self.repeated(line, toBytes: 1_750_000)
        let clock = ContinuousClock()
        var imported: ImportedAgenda?
        let elapsed = clock.measure { imported = try? F.importText(text) }

        let agenda = try #require(imported?.agenda)
        #expect(agenda.items.count == 1)
        #expect(agenda.items[0].people.count == 2)
        #expect(
            imported?.warnings.map(\.description).contains(
                "line 205: the item on line 4 has more than 200 lines of text; the rest was not read"
            ) == true
        )
        #expect(elapsed < .seconds(Self.hangLimit), "took \(elapsed)")
    }

    @Test(.timeLimit(.minutes(1)))
    func nearlyTwoMegabytesOfCSVRowsFailFastByTheirCount() {
        let row = "10:00,10:40,\"Opening, part one\",session,\"Ms. A Jones (chair); TBC (moderator)\"\n"
        let header = "start,end,title,kind,people\n"
        let result = timedFailure(header + Self.repeated(row, toBytes: 1_900_000), format: .csv)

        #expect(result.errors.contains("the file has 24050 timed items; an agenda holds at most 2000"))
        #expect(result.seconds < Self.hangLimit, "took \(result.seconds) s")
    }

    @Test(.timeLimit(.minutes(1)))
    func oneLineOfTwoMegabytesIsSkippedWithAWarning() {
        let text = "Title\n21 May 2018\n10:00-10:40 " + String(repeating: "x ", count: 950_000)
        let error = F.importErrors(Data(text.utf8), format: .text)

        #expect(
            error?.diagnostics.map(\.description).contains(
                "line 3: 1 line(s) longer than 20000 characters were skipped"
            ) == true
        )
    }

    // MARK: - Arbitrary text

    static let fragments = [
        "10:00", "10.30", "9h", "-", "–", " to ", "pm", "a.m.", "noon", "12", "25:00", "0900", "GMT", "UTC+2", " ",
        "  ", "\t", "\n", "\r\n", "\r", "<b>", "</b>", "<p>", "<br/>", "**", "*", "_", "&amp;", "&#x2013;", "&", "<",
        "Mr.", "H.E.", "Ambassador", "TBC", "Chair:", "Remarks by", "Panellists:", "Moderator", "21 May 2018", "mai",
        "2018-05-21", "Monday", "Time zone:", "Europe/Zurich", "Venue:", "Room 4", "Geneva", "\u{0301}", "é",
        "👩🏽‍⚖️",
        "|", "•", "o ", "- ", ":", "(", ")", ";", ",", "\"", "\u{E000}", "\u{E001}", "\u{0}", "\u{FEFF}", "\u{202E}",
        "End", "Lunch", "Opening", "start,end,title", "session", "break",
    ]

    @Test func arbitraryProgrammeLikeTextNeverCrashesAndNamesRealLines() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...80)) { picks in
            let text = picks.map { Self.fragments[$0] }.joined()
            let lineCount = ProgrammeLine.lines(of: text)?.count ?? 0
            for draft in [TextProgrammeParser.parse(text), CSVAgendaParser.parse(text)] {
                let lines = 1...max(1, lineCount)
                #expect(draft.items.allSatisfy { lines.contains($0.line) }, "\(text.debugDescription)")
                #expect(
                    draft.diagnostics.allSatisfy { $0.line.map(lines.contains) ?? true },
                    "\(text.debugDescription)"
                )
            }
            for format in [AgendaFormat.text, .csv] {
                do {
                    let imported = try AgendaImporter.importAgenda(Data(text.utf8), format: format)
                    #expect(!imported.agenda.items.isEmpty)
                } catch let error as AgendaImportError {
                    #expect(!error.errors.isEmpty, "\(text.debugDescription)")
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
    }
}

/// A small seeded generator, so "random" test input is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
