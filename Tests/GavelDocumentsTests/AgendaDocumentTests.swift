import Foundation
import GavelCore
import Testing
import ZIPFoundation

@testable import GavelDocuments

/// Word, Excel and PDF programmes built in the test (real zip archives, a real PDF), turned into
/// text and imported as `gavel agenda check` does.
@Suite struct AgendaDocumentTests {
    // MARK: - Building documents

    /// A zip archive holding `parts` (path, XML text), as Office writes it.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        try zipBytes(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    /// A zip archive holding `parts` (path, bytes), whatever the bytes are.
    static func zipBytes(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static let wordNamespace = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    static func paragraph(_ text: String, list: Bool = false) -> String {
        let numbering = list ? "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>" : ""
        return "<w:p>\(numbering)<w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }

    static func row(_ cells: [[String]]) -> String {
        "<w:tr>" + cells.map { "<w:tc>" + $0.map { paragraph($0) }.joined() + "</w:tc>" }.joined() + "</w:tr>"
    }

    /// A UN-style Word programme: title paragraphs, then a table of times and items, people in
    /// the item's cell as further paragraphs.
    static func wordProgramme() throws -> Data {
        let body =
            paragraph("Informal briefing on humanitarian access")
            + paragraph("Conference Room 2, United Nations Headquarters, New York")
            + paragraph("Tuesday, 14 May 2019")
            + "<w:tbl>"
            + row([["Time"], ["Item"]])
            + row([["10:00 – 10:15"], ["Opening remarks"]])
            + row([["10:15 – 11:30"], ["Briefings", "Moderator: Ms. Sara Lind, OCHA"]])
            + row([["11:30 – 11:45"], ["Coffee break"]])
            + row([["11:45 – 13:00"], ["Interactive dialogue"]])
            + "</w:tbl>"
            + paragraph("Speakers are kindly requested to keep to three minutes.")
        let document =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<w:document \(wordNamespace)><w:body>\(body)</w:body></w:document>"
        return try zip([
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"),
            ("word/document.xml", document),
        ])
    }

    /// An Ontime-style Excel sheet: a header row, times stored as day fractions with a time
    /// format, a date stored as a serial day, and titles in the shared strings.
    static func excelProgramme() throws -> Data {
        let strings = ["start", "end", "title", "date", "Opening", "Panel one", "Lunch"]
        let shared = "<?xml version=\"1.0\"?><sst>" + strings.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        let styles = """
            <?xml version="1.0"?><styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="hh:mm"/></numFmts>\
            <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>
            """
        func text(_ ref: String, _ index: Int) -> String { "<c r=\"\(ref)\" t=\"s\"><v>\(index)</v></c>" }
        func time(_ ref: String, _ value: String) -> String { "<c r=\"\(ref)\" s=\"1\"><v>\(value)</v></c>" }
        // 43606 is 2019-05-21 in Excel's 1900 date system.
        func date(_ ref: String) -> String { "<c r=\"\(ref)\" s=\"2\"><v>43606</v></c>" }
        let rows = [
            "<row r=\"1\">" + text("A1", 0) + text("B1", 1) + text("C1", 2) + text("D1", 3) + "</row>",
            "<row r=\"2\">" + time("A2", "0.375") + time("B2", "0.40625") + text("C2", 4) + date("D2") + "</row>",
            "<row r=\"3\">" + time("A3", "0.40625") + time("B3", "0.5") + text("C3", 5) + date("D3") + "</row>",
            "<row r=\"4\">" + time("A4", "0.5") + time("B4", "0.5625") + text("C4", 6) + date("D4") + "</row>",
        ]
        let sheet = "<?xml version=\"1.0\"?><worksheet><sheetData>" + rows.joined() + "</sheetData></worksheet>"
        let workbook = """
            <?xml version="1.0"?><workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="Programme" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        let rels = """
            <?xml version="1.0"?><Relationships>\
            <Relationship Id="rId1" Type="worksheet" Target="worksheets/programme.xml"/></Relationships>
            """
        return try zip([
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/programme.xml", sheet),
            ("xl/sharedStrings.xml", shared),
            ("xl/styles.xml", styles),
        ])
    }

    /// A one-page PDF whose lines are `lines`, laid out top to bottom in Helvetica.
    static func pdf(_ lines: [String]) -> Data {
        var content = "BT /F1 11 Tf 14 TL 50 780 Td\n"
        for line in lines {
            let escaped = line.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
            content += "(\(escaped)) Tj T*\n"
        }
        content += "ET\n"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }

    /// Converts and imports a document as the CLI does.
    static func importDocument(_ data: Data, fileName: String?) throws -> ImportedAgenda {
        let converted = try #require(try AgendaDocument.convert(data, fileName: fileName))
        return try AgendaImporter.importAgenda(
            Data(converted.text.utf8),
            format: converted.isProgramme ? .text : nil
        )
    }

    // MARK: - Word

    @Test func wordTableRowsBecomeItemsWithTheirPeople() throws {
        let imported = try Self.importDocument(try Self.wordProgramme(), fileName: "programme.docx")

        #expect(imported.agenda.title == "Informal briefing on humanitarian access")
        #expect(imported.agenda.date == LocalDate(year: 2019, month: 5, day: 14))
        #expect(imported.agenda.timeZone == "America/New_York")
        #expect(
            imported.agenda.items.map(\.title) == [
                "Opening remarks", "Briefings", "Coffee break", "Interactive dialogue",
            ]
        )
        #expect(
            imported.agenda.items.map { "\($0.start)-\($0.end)" } == [
                "10:00-10:15", "10:15-11:30", "11:30-11:45", "11:45-13:00",
            ]
        )
        #expect(imported.agenda.items[1].people.map(\.name) == ["Ms. Sara Lind"])
        #expect(imported.agenda.items[1].people.map(\.role) == [.moderator])
    }

    @Test func wordTableRowIsOneLineOfTabSeparatedCells() throws {
        let text = try WordDocument.text(of: try Self.wordProgramme())

        #expect(text.contains("10:15 – 11:30\tBriefings\nModerator: Ms. Sara Lind, OCHA\n"))
    }

    @Test func wordListParagraphsAreBullets() throws {
        let document =
            "<w:document \(Self.wordNamespace)><w:body>"
            + Self.paragraph("Panelists:") + Self.paragraph("Mr. Aki Sato, Analyst", list: true)
            + "</w:body></w:document>"
        let text = try WordDocument.text(of: try Self.zip([("word/document.xml", document)]))

        #expect(text == "Panelists:\n• Mr. Aki Sato, Analyst\n")
    }

    @Test func anArchiveWithoutTheDocumentPartSaysSo() throws {
        let data = try Self.zip([("word/styles.xml", "<w:styles/>")])

        #expect(throws: AgendaDocumentError.self) { try AgendaDocument.convert(data, fileName: "old.docx") }
        do {
            _ = try AgendaDocument.convert(data, fileName: "old.docx")
        } catch {
            #expect(error.message.contains("no word/document.xml"))
        }
    }

    /// A Word file whose central directory points past its end (found by the `document` fuzz
    /// target, Fuzz/Corpus/document/regression-memoryfile-past-end.bin): ZIPFoundation's in-memory
    /// archive trapped on it; read through a file it is an error with a message.
    static let damagedDirectory =
        "AFBLAwQUAAAAAAAQAINdwPGUuV0GAABdBgAAEQAAAHdvcmQvZG9jdW1lbnQueG1sPD94bWwgdmVyc2lvbj0iMS4wIj8+PHc6"
        + "ZG9jdW1lbnQgeG1sbnM6dz0iaHR0cDovL3NjaGVtYXMub3BlbnhtbGZvcm1hdHMub3JnL3dvcmRwcm9jZXNzaW5nbWwvMjAw"
        + "Ni9tYWluIj48dzpib2R5Pjx3OnA+PHc6cj48dzp0IHhtbDpzcGFjZT0icHJlc2VydmUiPkluZm9ybWFsIGJyaWVmaW5nPC93"
        + "OnQ+PC93OnI+PHc6cj48dzp0YWIvPjwvdzpyPjwvdzpwPjx3OnA+PHc6cj48dzp0IHhtbDpzcGFjZT0icHJlc2VydmUiPlBh"
        + "bGFpcyBkZXMgTmF0aW9ucywgR2VuZXZhPC93OnQ+PC93OnI+PHc6cj48dzp0YWIvPjwvdzpyPjwvdzpwPjx3OnA+PHc6cj48"
        + "dzp0IHhtbDpzcGFjZT0icHJlc2VydmUiPlR1ZXNkYXksIDE0IE1heSAyMDE5PC93OnQ+PC93OnI+PHc6cj48dzp0YWIvPjwv"
        + "dzpyPjwvdzpwPHc6cD48dzpyPjx3OnQgeG1sOnNwYWNlPSJwcmVzZXJ2ZSI+UGFuZWxpc3RzOjwvdzp0PjwvdzpyPjx3OnI+"
        + "PHc6dGFiLz48L3c6cj48L3c6cD48L3c6dGM+PC93OnRyPjx3OnRyPjx3OnRjPjx3OnRibD48dzp0cj48dzp0Yz48dzpwPjx3"
        + "OnI+PHc6dCB4bWw6c3BhY2U9InByZXNlcnZlIj5uZXN0ZWQ8L3c6dD48L3c6cj48dzpyPjx3OnRhYi8+PC93OnI+PC93OnA+"
        + "PC93OnRjPjwvdzp0cj48L3c6dGJsPjwvdzp0Yz48L3c6dHI+PC93OnRibD48dzpwPjx3OnBQcj48dzpudW1Qcj48dzppbHZs"
        + "IHc6dmFsPSIwIi8+PHc6bnVtSWQgdzp2YWw9IjEiLz48L3c6bnVtUHI+PC93OnBQcj48dzpyPjx3OnQgeG1sOnNwYWNlPSJw"
        + "cmVzZXJ2ZSI+TXIuIEIuIEx1bmQsIEFuYWx5c3Q8L3c6dD48L3c6cj48dzpyPjx3OnRhYi8+PC93OnI+PC93OnA+PC93OmJv"
        + "ZHk+PC93OmRvY3VtZW50PlBLAQIUAxQAAAAAABAAg13A8ZS5XQYAAF0GAAARAAAAAAAAAAAAAACAAQAAAAB3b3JkL2RvY3Vt"
        + "ZW50LnhtbFBLBQYAAAAAAQABAD8AAACMBgAAAAA="

    @Test func aZipWhoseDirectoryPointsPastItsEndIsAnErrorNotACrash() throws {
        let data = try #require(Data(base64Encoded: Self.damagedDirectory)).dropFirst()
        do {
            let converted = try AgendaDocument.convert(Data(data), fileName: "damaged.docx")
            #expect(converted != nil)
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test func xmlThatIsNotUTF8IsRefusedBeforeTheParserSeesIt() throws {
        let document =
            "<w:document \(Self.wordNamespace)><w:body><w:p><w:r><w:t xml:spac\u{1}=\"x\">A</w:t>"
            + "</w:r></w:p></w:body></w:document>"
        var bytes = Data(document.utf8)
        // 0xC9 then '=': a broken two-byte sequence in an attribute name, as the fuzz target found.
        let index = try #require(bytes.firstIndex(of: 0x01))
        bytes[index] = 0xC9
        let raw = try Self.zipBytes([("word/document.xml", bytes)])

        do {
            _ = try AgendaDocument.convert(raw, fileName: "broken.docx")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("is not UTF-8 text"))
        }
    }

    @Test func bytesThatAreNotAZipAreRefusedWithAMessage() {
        do {
            _ = try AgendaDocument.convert(Data("not a zip".utf8), fileName: "programme.docx")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("cannot be opened"))
        }
    }

    // MARK: - Excel

    @Test func excelTimesAndDatesAreWrittenAsTheirCellFormatsSay() throws {
        let text = try ExcelWorkbook.text(of: try Self.excelProgramme())

        #expect(
            text == """
                start\tend\ttitle\tdate
                09:00\t09:45\tOpening\t2019-05-21
                09:45\t12:00\tPanel one\t2019-05-21
                12:00\t13:30\tLunch\t2019-05-21

                """
        )
    }

    @Test func excelSheetWithStartAndEndColumnsImportsAsATable() throws {
        let converted = try #require(try AgendaDocument.convert(try Self.excelProgramme(), fileName: "ontime.xlsx"))
        let imported = try AgendaImporter.importAgenda(
            Data(converted.text.utf8),
            options: AgendaImportOptions(timeZone: "Europe/Zurich")
        )

        #expect(imported.format == .csv)
        #expect(imported.agenda.items.map(\.title) == ["Opening", "Panel one", "Lunch"])
        #expect(imported.agenda.items.map(\.kind) == [.session, .session, .break])
        #expect(imported.agenda.items.last.map { "\($0.date) \($0.start)-\($0.end)" } == "2019-05-21 12:00-13:30")
    }

    @Test func documentsAreRecognisedByTheirContentWithoutAName() throws {
        #expect(AgendaDocument.kind(of: try Self.wordProgramme(), fileName: nil) == .docx)
        #expect(AgendaDocument.kind(of: try Self.excelProgramme(), fileName: nil) == .xlsx)
        #expect(AgendaDocument.kind(of: Self.pdf(["x"]), fileName: nil) == .pdf)
        #expect(AgendaDocument.kind(of: Data("10:00-11:00 Opening".utf8), fileName: "a.txt") == nil)
    }

    @Test func excelSerialDaysAndFractions() {
        #expect(ExcelWorkbook.time(0.5625) == "13:30")
        #expect(ExcelWorkbook.time(43606.75) == "18:00")
        #expect(ExcelWorkbook.date(43606) == "2019-05-21")
    }

    // MARK: - PDF

    /// The PDF tests need poppler's pdftotext, which Scripts/test installs (ensure_pdf_tools in
    /// Scripts/lib/setup.sh); without it they are skipped, saying so, rather than failing.
    static let hasPdftotext = PDFToText().executable != nil

    @Test(.enabled(if: hasPdftotext, "pdftotext (Debian's poppler-utils) is not installed"))
    func pdfIsLaidOutByPdftotext() throws {
        let data = Self.pdf([
            "Informal consultations on the draft resolution",
            "Palais des Nations, Geneva",
            "Thursday, 6 June 2019",
            "",
            "15:00 - 15:30   Introduction of the draft",
            "15:30 - 17:30   Reading of the operative paragraphs",
            "17:30 - 18:00   Next steps",
        ])
        let imported = try Self.importDocument(data, fileName: "consultations.pdf")

        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(
            imported.agenda.items.map(\.title) == [
                "Introduction of the draft", "Reading of the operative paragraphs", "Next steps",
            ]
        )
        #expect(imported.agenda.items.last.map { "\($0.start)-\($0.end)" } == "17:30-18:00")
    }

    @Test func aMissingPdftotextIsNamedWithItsPackage() {
        let tool = PDFToText(searchPath: ["/nonexistent-gavel-test"])
        do {
            _ = try AgendaDocument.convert(Self.pdf(["x"]), fileName: "a.pdf", pdfToText: tool)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("poppler-utils"))
        }
    }

    @Test(.enabled(if: hasPdftotext, "pdftotext (Debian's poppler-utils) is not installed"))
    func aBrokenPdfIsReportedWithPdftotextsReason() throws {
        do {
            _ = try AgendaDocument.convert(Data("%PDF-1.4 garbage".utf8), fileName: "a.pdf")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("pdftotext cannot read the PDF"))
        }
    }
}
