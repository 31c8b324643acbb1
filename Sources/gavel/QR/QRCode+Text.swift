/// A QR code drawn for a terminal with Unicode half blocks: one character is two modules high,
/// so the code is about square in a terminal's cells.
extension QRCode {
    /// The light margin the standard asks for around the code, in modules.
    static let quietZone = 4

    /// The lines of the code with its quiet zone. `colours`: each line is drawn black on white
    /// with ANSI escapes, so the code reads the same on a dark terminal; without, dark modules
    /// are the glyphs' ink (for a light page, a file, a test).
    func textLines(colours: Bool) -> [String] {
        let span = size + 2 * Self.quietZone
        func dark(_ row: Int, _ column: Int) -> Bool {
            let r = row - Self.quietZone
            let c = column - Self.quietZone
            guard (0..<size).contains(r), (0..<size).contains(c) else { return false }
            return isDark(row: r, column: c)
        }
        var lines: [String] = []
        for top in stride(from: 0, to: span, by: 2) {
            var line = colours ? "\u{1B}[38;5;16;48;5;231m" : ""
            for column in 0..<span {
                let upper = dark(top, column)
                let lower = top + 1 < span && dark(top + 1, column)
                let glyph =
                    switch (upper, lower) {
                    case (true, true): "█"
                    case (true, false): "▀"
                    case (false, true): "▄"
                    case (false, false): " "
                    }
                line += glyph
            }
            lines.append(line + (colours ? "\u{1B}[0m" : ""))
        }
        return lines
    }

    /// The code as a plain PBM image (`P1`), `scale` pixels a module, with its quiet zone: what a
    /// decoder such as zbarimg reads.
    func pbm(scale: Int = 4) -> String {
        let span = (size + 2 * Self.quietZone) * scale
        var out = "P1\n\(span) \(span)\n"
        for y in 0..<span {
            let row = y / scale - Self.quietZone
            var line: [String] = []
            for x in 0..<span {
                let column = x / scale - Self.quietZone
                let isDark =
                    (0..<size).contains(row) && (0..<size).contains(column) && self.isDark(row: row, column: column)
                line.append(isDark ? "1" : "0")
            }
            out += line.joined(separator: " ") + "\n"
        }
        return out
    }
}
