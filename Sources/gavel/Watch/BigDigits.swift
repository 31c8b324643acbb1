/// A countdown drawn five rows high with block characters, readable across a room.
///
/// Each glyph is a 3×5 pixel font (a colon is 1 pixel wide); a pixel is two `█` columns, so the
/// digits come out roughly square on a terminal, whose cells are about twice as tall as wide.
enum BigDigits {
    static let height = 5

    private static let glyphs: [Character: [String]] = [
        "0": ["###", "#.#", "#.#", "#.#", "###"],
        "1": [".#.", "##.", ".#.", ".#.", "###"],
        "2": ["###", "..#", "###", "#..", "###"],
        "3": ["###", "..#", "###", "..#", "###"],
        "4": ["#.#", "#.#", "###", "..#", "..#"],
        "5": ["###", "#..", "###", "..#", "###"],
        "6": ["###", "#..", "###", "#.#", "###"],
        "7": ["###", "..#", "..#", "..#", "..#"],
        "8": ["###", "#.#", "###", "#.#", "###"],
        "9": ["###", "#.#", "###", "..#", "###"],
        ":": [".", "#", ".", "#", "."],
        "+": ["...", ".#.", "###", ".#.", "..."],
        "-": ["...", "...", "###", "...", "..."],
        " ": ["..", "..", "..", "..", ".."],
    ]

    /// Whether every character of `text` has a glyph.
    static func canDraw(_ text: String) -> Bool {
        text.allSatisfy { glyphs[$0] != nil }
    }

    /// The five rows of `text` (characters without a glyph are skipped), all the same width.
    static func render(_ text: String) -> [String] {
        var rows = Array(repeating: "", count: height)
        for (index, character) in text.enumerated() {
            guard let glyph = glyphs[character] else { continue }
            for row in 0..<height {
                if index > 0 { rows[row] += "  " }
                rows[row] += glyph[row].map { $0 == "#" ? "██" : "  " }.joined()
            }
        }
        return rows
    }

    /// The width `render(text)` takes, in columns.
    static func width(of text: String) -> Int {
        render(text).first?.count ?? 0
    }
}
