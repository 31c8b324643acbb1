/// Reads a programme as printed or pasted: title lines, a date, a venue, then rows that start
/// with a time range (`10:00-10:40`), each followed by the text of the item, from which the
/// people are read. See `ProgrammeReader` for the rules.
enum TextProgrammeParser {
    /// Far more lines than any programme has (a 2,000-item programme fits in 20,000): a file
    /// with more is refused at once rather than read line by line.
    static let maximumLines = 20_000

    static func parse(_ text: String) -> AgendaDraft {
        guard let lines = ProgrammeLine.lines(of: text, maximum: maximumLines) else {
            var draft = AgendaDraft()
            draft.diagnostics.append(
                .error(
                    "the file has more than \(maximumLines) lines, more than any programme; is this the right file?"
                )
            )
            return draft
        }
        var reader = ProgrammeReader(lines: lines)
        return reader.read()
    }
}
