import Foundation
import Testing

/// `gavel agenda check`, run as a built binary.
@Suite struct AgendaCheckTests {
    static let example = GavelProcess.repositoryRoot.appendingPathComponent("Examples/hearing-2018-05-21.json")

    /// An agenda whose second item, opening on line 7, ends before it starts.
    static let backwardsItem = """
        {
          "title": "Rehearsal",
          "date": "2018-05-21",
          "timeZone": "Europe/Zurich",
          "items": [
            { "title": "Opening", "start": "10:00", "end": "10:30" },
            {
              "title": "Panel",
              "start": "10:30",
              "end": "10:20"
            }
          ]
        }

        """

    @Test func exampleSummaryShowsEveryItemAndPlaceholderAndExitsZero() throws {
        let result = try GavelProcess.run(["agenda", "check", Self.example.path])

        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        #expect(result.errorOutput.isEmpty)
        let summary = result.output
        for text in [
            "Fifth informal interactive multi-stakeholder hearing",
            "Migration – What’s Really Going On: Lessons from the field",
            "2018-05-21 (Monday)",
            "Conference Room 4, UN Headquarters, New York",
            "America/New_York (UTC-04:00), from the file",
            "5m each; item 2: 7m",
            "Opening of the multi-stakeholder hearing",
            "Panel Discussion: Best practices to support safe, orderly and regular migration",
            "Closing of the multi-stakeholder hearing",
            "speaker    H.E. Mr. Miroslav Lajčák — President of the General Assembly",
            "speaker    TBC — Migrant Perspective",
            "panellist  TBC",
            "moderator  TBC",
            "OK: 4 items (3 sessions, 1 break), 10:00–13:00, 3h",
        ] {
            #expect(summary.contains(text), "the summary lacks \(text.debugDescription):\n\(summary)")
        }
        let itemRows = summary.split(separator: "\n").filter {
            $0.hasPrefix("  1 ") || $0.hasPrefix("  break-1 ") || $0.hasPrefix("  2 ") || $0.hasPrefix("  3 ")
        }
        #expect(itemRows.count == 4, "one row per item:\n\(summary)")
        #expect(itemRows.contains { $0.contains("10:45–12:40") && $0.contains("1h55m") && $0.contains("session") })
        #expect(!summary.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func jsonOutputIsTheCanonicalFileByteForByte() throws {
        let result = try GavelProcess.run(["agenda", "check", "--json", Self.example.path])

        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        #expect(result.stdout == (try Data(contentsOf: Self.example)))
        #expect(result.errorOutput.isEmpty)
    }

    @Test func dashReadsTheAgendaFromStandardInput() throws {
        let example = try Data(contentsOf: Self.example)

        let result = try GavelProcess.run(["agenda", "check", "--json", "-"], input: example)

        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        #expect(result.stdout == example)
    }

    @Test func agendaWithAnItemEndingBeforeItStartsExitsWithDataErrorAndALineNumber() throws {
        let file = try GavelProcess.temporaryFile(named: "backwards.json", containing: Self.backwardsItem)

        let result = try GavelProcess.run(["agenda", "check", file.path])

        #expect(result.status == 65)
        #expect(result.output.isEmpty)
        #expect(
            result.errorOutput.contains("\(file.path):7: error: '10:30-10:20' ends before it starts"),
            "stderr: \(result.errorOutput)"
        )
    }

    @Test func jsonModeOnErrorPrintsAMachineReadableReport() throws {
        let file = try GavelProcess.temporaryFile(named: "backwards.json", containing: Self.backwardsItem)

        let result = try GavelProcess.run(["agenda", "check", "--json", file.path])

        #expect(result.status == 65)
        #expect(
            result.output == #"{"ok":false,"errors":[{"line":7,"message":"'10:30-10:20' ends before it starts"}],"#
                + #""warnings":[]}"# + "\n"
        )
        #expect(result.errorOutput.contains("\(file.path):7: error: "))
    }

    @Test func missingFileExitsWithNoInput() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-agenda-\(UUID()).json")

        let result = try GavelProcess.run(["agenda", "check", missing.path])

        #expect(result.status == 66)
        #expect(
            result.errorOutput.contains("\(missing.path): error: cannot read the file: no such file"),
            "stderr: \(result.errorOutput)"
        )
    }

    @Test func directoryExitsWithNoInput() throws {
        let result = try GavelProcess.run(["agenda", "check", FileManager.default.temporaryDirectory.path])

        #expect(result.status == 66)
        #expect(result.errorOutput.contains("is a directory"), "stderr: \(result.errorOutput)")
    }

    @Test func unknownTimeZoneIsAUsageErrorThatSaysWhatToWrite() throws {
        let result = try GavelProcess.run(["agenda", "check", "--time-zone", "Not/AZone", Self.example.path])

        #expect(result.status == 64)
        #expect(result.output.isEmpty)
        #expect(
            result.errorOutput.contains("'Not/AZone' is not an IANA time zone; use a name such as America/New_York"),
            "stderr: \(result.errorOutput)"
        )
    }

    @Test func unknownFormatIsAUsageError() throws {
        let result = try GavelProcess.run(["agenda", "check", "--format", "xml", Self.example.path])

        #expect(result.status == 64)
        #expect(result.errorOutput.contains("'text', 'csv' or 'json'"), "stderr: \(result.errorOutput)")
    }

    @Test func zoneInferredFromTheVenueIsShownAsInferred() throws {
        let file = try GavelProcess.temporaryFile(
            named: "geneva.json",
            containing: """
                {
                  "title": "Rehearsal",
                  "date": "2026-03-30",
                  "venue": "Palais des Nations, Geneva",
                  "items": [{ "title": "Opening", "start": "09:00", "end": "09:30" }]
                }
                """
        )

        let result = try GavelProcess.run(["agenda", "check", file.path])

        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        #expect(result.output.contains("Europe/Zurich (UTC+02:00), inferred from the venue"), "\(result.output)")
        #expect(result.output.contains("time zone Europe/Zurich, inferred from the venue"), "listed under warnings")
        #expect(result.output.contains("OK: 1 item (1 session), 09:00–09:30, 30m; 1 warning"), "\(result.output)")
    }

    @Test func helpDocumentsTheExitCodes() throws {
        let result = try GavelProcess.run(["agenda", "check", "--help"])

        #expect(result.status == 0)
        let help = result.output
        #expect(help.contains("EXIT CODES"), "\(help)")
        let codes = [
            "0   the agenda is usable", "64  usage error", "65  the agenda has errors", "66  FILE does not exist",
        ]
        for line in codes {
            #expect(help.contains(line), "help lacks \(line.debugDescription):\n\(help)")
        }
    }

    // MARK: - Issue 18: skipped lines and documents

    static let programmeWithHeadings = """
        PROGRAMME
        Expert meeting
        Palais des Nations, Geneva
        Monday, 21 May 2018

        10:00-12:00  General debate
        Afternoon session
        15:00-16:00  Closing
        ----

        """

    @Test func verboseListsEverySkippedLineWithItsReason() throws {
        let file = try GavelProcess.temporaryFile(named: "headings.txt", containing: Self.programmeWithHeadings)

        let result = try GavelProcess.run(["agenda", "check", "--verbose", file.path])

        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        #expect(result.output.contains("Skipped lines (3):\n"))
        #expect(
            result.output.contains("  line 1: 'PROGRAMME': a heading such as 'Programme' or 'Draft', not the title\n")
        )
        #expect(
            result.output.contains(
                "  line 7: 'Afternoon session': a heading for part of the day, not part of an item\n"
            )
        )
        #expect(result.output.contains("  line 9: '----': a decoration, not text\n"))
    }

    @Test func verboseSaysWhereTheLinesWentWhenNoScheduleIsFound() throws {
        let text = "Expert meeting\nGeneva, 21 May 2018\n\nOpening at ten\nMorning session\n"
        let file = try GavelProcess.temporaryFile(named: "untimed.txt", containing: text)

        let result = try GavelProcess.run(["agenda", "check", "--verbose", file.path])

        #expect(result.status == 65)
        #expect(result.errorOutput.contains("error: no schedule found"), "stderr: \(result.errorOutput)")
        #expect(result.errorOutput.contains("Skipped lines (2):\n"), "stderr: \(result.errorOutput)")
        #expect(
            result.errorOutput.contains("  line 5: 'Morning session': a heading for part of the day, not the title\n")
        )
    }

    @Test func withoutVerboseSkippedLinesAreNotListed() throws {
        let file = try GavelProcess.temporaryFile(named: "headings.txt", containing: Self.programmeWithHeadings)

        let result = try GavelProcess.run(["agenda", "check", file.path])

        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        #expect(!result.output.contains("Skipped lines"))
    }

    @Test func aBrokenWordFileIsADataErrorThatSaysWhy() throws {
        let file = try GavelProcess.temporaryFile(named: "programme.docx", containing: "not a zip archive")

        let result = try GavelProcess.run(["agenda", "check", file.path])

        #expect(result.status == 65)
        #expect(
            result.errorOutput.contains("error: the Word document cannot be opened"),
            "stderr: \(result.errorOutput)"
        )
    }
}
