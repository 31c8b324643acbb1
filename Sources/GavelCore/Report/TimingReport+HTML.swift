/// The report as one self-contained HTML page (served at `/report`): the summary, the timeline
/// SVG inline, tables of items, turns and speakers, links to download each format, and a picker
/// of the journal's other meetings. Styles are inline and light, and print cleanly to PDF from
/// the browser (A4 landscape, no backgrounds needed, tables not split mid-row).
extension TimingReport {
    /// What the page links to besides the report itself.
    public struct PageContext: Hashable, Sendable {
        public struct Meeting: Hashable, Sendable {
            public var id: Int64
            /// "3 · 2018-05-21 · Fifth informal … hearing (current)".
            public var label: String

            public init(id: Int64, label: String) {
                self.id = id
                self.label = label
            }
        }

        public struct Link: Hashable, Sendable {
            public var label: String
            public var href: String

            public init(label: String, href: String) {
                self.label = label
                self.href = href
            }
        }

        /// The meetings of the journal, for the picker.
        public var meetings: [Meeting]
        /// Download links, in order: SVG, CSV, JSON, Markdown.
        public var downloads: [Link]

        public init(meetings: [Meeting], downloads: [Link]) {
            self.meetings = meetings
            self.downloads = downloads
        }
    }

    public func html(_ context: PageContext) -> String {
        let h = TimelineSVG.escaped
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Actual timings · \(h(record.title))</title>
            <link rel="icon" href="data:,">
            <style>\(Self.pageStyle)</style>
            </head>
            <body>

            """
        out += "<header class=\"bar no-print\">\n<span class=\"brand\">Gavel · actual timings</span>\n"
        if !context.meetings.isEmpty {
            out += "<form class=\"picker\" method=\"get\" action=\"/report\">"
            out += "<label for=\"meeting\">Meeting</label> "
            out += "<select id=\"meeting\" name=\"meeting\" onchange=\"this.form.submit()\">"
            for meeting in context.meetings.reversed() {
                let selected = meeting.id == record.meetingID ? " selected" : ""
                out += "<option value=\"\(meeting.id)\"\(selected)>\(h(meeting.label))</option>"
            }
            out += "</select> <button type=\"submit\">Show</button></form>\n"
        }
        out += "<nav class=\"downloads\" aria-label=\"Downloads\">Download "
        out += context.downloads.map { "<a href=\"\(h($0.href))\" download>\(h($0.label))</a>" }
            .joined(separator: " ")
        out += " <button type=\"button\" onclick=\"window.print()\">Print / PDF</button></nav>\n</header>\n"

        out += "<main>\n<h1>\(h(record.title))</h1>\n"
        if let subtitle = record.subtitle { out += "<p class=\"subtitle\">\(h(subtitle))</p>\n" }
        out += "<dl class=\"summary\">\n"
        for line in summaryLines() {
            out += "<div><dt>\(h(line.label))</dt><dd>\(h(line.text))</dd></div>\n"
        }
        out += "</dl>\n"
        out += "<figure class=\"timeline\">\n\(TimelineSVG(record, showsHeader: false).render())</figure>\n"

        out += "<section class=\"items\">\n<h2>Items</h2>\n"
        out += Self.htmlTable(
            header: withReplannedColumn(
                [
                    "Item", "Title", "Status", "Scheduled", "Held", "Planned", "Actual", "Difference", "Paused",
                    "Extensions", "Overrun", "Turns",
                ],
                "Re-planned"
            ),
            numeric: withReplannedColumn(
                [false, false, false, false, false, true, true, true, true, true, true, true],
                true
            ),
            wrapping: [1],
            rows: itemTableRows(),
            marked: zip(record.items, itemTableRows()).map { item, _ in
                item.overrun > .zero ? (record.usesPlanning ? 11 : 10) : nil
            }
        )
        out += "</section>\n"

        if record.hasReplannedItems {
            out += "<section class=\"replanned\">\n<h2>Re-planned items</h2>\n"
            out += Self.htmlTable(
                header: Self.replannedHeader,
                numeric: [false, false, false, false, false],
                wrapping: [1],
                rows: replannedTableRows(),
                marked: replannedTableRows().map { _ in nil }
            )
            out += "</section>\n"
        }

        out += "<section class=\"turns\">\n<h2>Floor turns</h2>\n"
        if record.turns.isEmpty {
            out += "<p>Nobody was given the floor.</p>\n"
        } else {
            let list = record.usesSpeakersList
            out += Self.htmlTable(
                header: ["#", "Speaker", "Item", "From", "To", "Granted", "Added", "Used", "Paused", "Over/under"]
                    + (list ? Self.listTurnHeader : []),
                numeric: [true, false, false, false, false, true, true, true, true, true]
                    + (list ? [false, false, false, true] : []),
                wrapping: [1],
                rows: turnTableRows(),
                marked: record.turns.map { $0.over > .zero ? 9 : nil }
            )
        }
        out += "</section>\n"

        out += "<section class=\"speakers\">\n<h2>Speakers</h2>\n"
        if record.speakers.isEmpty {
            out += "<p>Nobody was given the floor.</p>\n"
        } else {
            let list = record.usesSpeakersList
            out += Self.htmlTable(
                header: ["Speaker", "Turns", "Allotted", "Used", "Paused", "Over/under"]
                    + (list ? ["Interrupted"] : []),
                numeric: [false, true, true, true, true, true] + (list ? [true] : []),
                wrapping: [0],
                rows: speakerTableRows(),
                marked: record.speakers.map { $0.over > .zero ? 5 : nil }
            )
        }
        out += "</section>\n"

        for section in listSections() + planSections() {
            let name = section.title.lowercased().replacingOccurrences(of: " ", with: "-")
            out += "<section class=\"\(name)\">\n<h2>\(h(section.title))</h2>\n"
            if let note = section.note { out += "<p>\(h(note))</p>\n" }
            if section.rows.isEmpty {
                out += "<p>\(h(section.empty))</p>\n"
            } else {
                out += Self.htmlTable(
                    header: section.header,
                    numeric: section.alignRight,
                    wrapping: [section.text],
                    rows: section.rows,
                    marked: section.marked
                )
            }
            out += "</section>\n"
        }

        out += "<footer>Times in \(h(record.timeZone)) (venue time). Read from the journal"
        out += record.phase == .running ? " at \(h(local(record.asOf))), while the meeting runs." : "."
        out += " Durations are m:ss; CSV and JSON carry exact seconds.</footer>\n"
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// A table; the cell at `marked[row]` (an over-time figure) is set in bold with a hatched
    /// background, so it stands out in black and white as well.
    private static func htmlTable(
        header: [String],
        numeric: [Bool],
        wrapping: Set<Int>,
        rows: [[String]],
        marked: [Int?]
    ) -> String {
        let h = TimelineSVG.escaped
        var out = "<table>\n<thead><tr>"
        for (index, name) in header.enumerated() {
            out += "<th\(numeric[index] ? " class=\"num\"" : "") scope=\"col\">\(h(name))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for (rowIndex, row) in rows.enumerated() {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                var classes: [String] = []
                if numeric[index] { classes.append("num") }
                if wrapping.contains(index) { classes.append("text") }
                if marked[rowIndex] == index, !cell.isEmpty { classes.append("over") }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                out += "<td\(attribute)>\(h(cell))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        return out
    }

    static let pageStyle = """

        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #ffffff; color: #111111;
          font: 14px/1.45 'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif; }
        .bar { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; padding: 10px 24px;
          border-bottom: 1px solid #cccccc; background: #f4f5f7; }
        .brand { font-weight: bold; margin-right: auto; }
        .bar select, .bar button { font: inherit; padding: 3px 8px; }
        .bar select { max-width: 34em; }
        .downloads a { display: inline-block; margin: 0 2px; padding: 3px 10px; border: 1px solid #44546a;
          border-radius: 4px; color: #1f2d3d; text-decoration: none; }
        .downloads a:hover, .downloads a:focus { background: #44546a; color: #ffffff; }
        main { max-width: 1240px; margin: 0 auto; padding: 8px 24px 32px; }
        h1 { font-size: 24px; margin: 16px 0 2px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #111111; padding-bottom: 2px; }
        .subtitle { margin: 0 0 12px; color: #333333; font-style: italic; }
        .summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 4px 32px;
          margin: 12px 0 16px; }
        .summary div { display: flex; gap: 8px; }
        .summary dt { font-weight: bold; min-width: 7.5em; }
        .summary dd { margin: 0; }
        figure.timeline { margin: 8px 0 0; border: 1px solid #cccccc; }
        figure.timeline svg { display: block; width: 100%; height: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { padding: 4px 8px; border-bottom: 1px solid #d0d0d0; text-align: left; vertical-align: top;
          white-space: nowrap; }
        td.text { white-space: normal; width: 40%; }
        thead th { border-bottom: 2px solid #111111; white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.over { font-weight: bold; color: #8c1d18;
          background: repeating-linear-gradient(45deg, #ffffff 0 4px, #f4cccc 4px 6px); }
        tbody tr:nth-child(even) { background: #f7f7f7; }
        footer { margin-top: 24px; color: #444444; font-size: 12px; }
        @page { size: A4 landscape; margin: 12mm; }
        @media print {
          body { font-size: 10pt; }
          .no-print { display: none !important; }
          main { max-width: none; padding: 0; }
          h1 { margin-top: 0; }
          figure.timeline { border: none; break-inside: avoid; page-break-inside: avoid; }
          h2 { break-after: avoid; page-break-after: avoid; }
          section.items { break-before: page; page-break-before: always; }
          table { font-size: 9pt; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          tbody tr:nth-child(even) { background: none; }
          td.over { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
