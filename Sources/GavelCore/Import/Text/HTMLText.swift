/// Plain text from a line of a programme pasted out of a web page, a word processor or a
/// markdown file: tags and markdown emphasis removed, entities decoded, odd spaces normalised.
///
/// Two things of the markup survive, because the programme's structure lives in them:
/// bold (the item title is the bold part of a row) as the private-use markers `boldOn` and
/// `boldOff`, and block boundaries (`<p>`, `<br>`, `<td>`, ...) as a tab, which later splits
/// the line into segments like the tabs of a pasted table.
enum HTMLText {
    static let boldOn: Unicode.Scalar = "\u{E000}"
    static let boldOff: Unicode.Scalar = "\u{E001}"

    /// Tags that end a block of text; they separate segments.
    private static let blockTags: Set<String> = [
        "p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "table", "tbody", "thead", "tfoot",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "section", "article", "header",
        "footer", "dt", "dd", "dl", "caption",
    ]
    private static let boldTags: Set<String> = ["b", "strong"]

    /// Cleans one line. Linear in its length: a tag or entity is looked for only a short way ahead.
    static func clean(_ line: some StringProtocol) -> String {
        let scalars = Array(line.unicodeScalars)
        // Built as UTF-8 bytes: appending to a byte array is far cheaper than to a string.
        var out = ScalarBytes(capacity: line.utf8.count)
        var markdownBold = false
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar.value >= 0x20, scalar.value < 0x7F, scalar != "<", scalar != "&", scalar != "*", scalar != "_" {
                out.append(scalar)  // Plain ASCII, the common case.
                i += 1
                continue
            }
            switch scalar {
            case "<":
                if let (tag, next) = readTag(scalars, at: i) {
                    switch tag {
                    case .boldOpen: out.append(boldOn)
                    case .boldClose: out.append(boldOff)
                    case .block: out.append("\t")
                    case .other: break
                    }
                    i = next
                    continue
                }
                out.append(scalar)
            case "&":
                if let (decoded, next) = readEntity(scalars, at: i) {
                    if let scalar = normalised(decoded) { out.append(scalar) }
                    i = next
                    continue
                }
                out.append(scalar)
            case "*", "_":
                var run = 1
                while i + run < scalars.count, scalars[i + run] == scalar { run += 1 }
                let before = i > 0 ? scalars[i - 1] : " "
                let after = i + run < scalars.count ? scalars[i + run] : " "
                if run >= 2, !(isSpace(before) && isSpace(after)) {
                    // `**bold**`, `***bold italic***`, `__bold__`.
                    markdownBold.toggle()
                    out.append(markdownBold ? boldOn : boldOff)
                } else if run == 1, scalar == "*", !(isSpace(before) && isSpace(after)) {
                    // `*italic*`; a `*` that stands alone (a bullet, a footnote mark) stays.
                } else {
                    out.append(contentsOf: scalars[i..<(i + run)])
                }
                i += run
                continue
            default:
                if let scalar = normalised(scalar) { out.append(scalar) }
            }
            i += 1
        }
        return out.string
    }

    /// The text with the bold markers removed.
    static func withoutMarkers(_ text: some StringProtocol) -> String {
        transformBytes(text, collapsingSpaces: false)
    }

    /// The text without bold markers, each run of spaces and tabs one space, trimmed.
    static func plain(_ text: some StringProtocol) -> String {
        if isSimpleASCII(text, allowingTabs: false, allowingDoubleSpaces: false), text.first != " ", text.last != " " {
            return String(text)
        }
        return transformBytes(text, collapsingSpaces: true)
    }

    /// The segments of a line: parts set off by tabs (block tags became tabs) or by two or
    /// more spaces, each made `plain`; empty ones dropped.
    static func segments(of text: some StringProtocol) -> [String] {
        var segments: [String] = []
        var current: [UInt8] = []
        var spaces = 0
        func flush() {
            if !current.isEmpty { segments.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        forEachByteOutsideMarkers(of: text) { byte in
            if byte == 0x20 {
                spaces += 1
                return
            }
            if byte == 0x09 || spaces >= 2 {
                flush()
            } else if spaces == 1, !current.isEmpty {
                current.append(0x20)
            }
            spaces = 0
            if byte != 0x09 { current.append(byte) }
        }
        flush()
        return segments
    }

    /// Removes the markers (and, when asked, collapses and trims spaces and tabs) working on
    /// the UTF-8 bytes: building a string byte by byte is far cheaper than scalar by scalar.
    private static func transformBytes(_ text: some StringProtocol, collapsingSpaces: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        forEachByteOutsideMarkers(of: text) { byte in
            guard collapsingSpaces else { return out.append(byte) }
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = !out.isEmpty
                return
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with each UTF-8 byte of `text`, skipping the bold markers (EE 80 80, EE 80 81).
    private static func forEachByteOutsideMarkers(of text: some StringProtocol, _ body: (UInt8) -> Void) {
        func walk(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0xEE, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                    bytes[index + 2] == 0x80 || bytes[index + 2] == 0x81
                {
                    index += 3
                    continue
                }
                body(byte)
                index += 1
            }
        }
        if text.utf8.withContiguousStorageIfAvailable(walk) == nil {
            var copy = String(text)
            copy.withUTF8(walk)
        }
    }

    /// Printable ASCII with no `<`, `&`, `*` or `_`: nothing to clean. Checked on the bytes,
    /// which is many times cheaper than walking the scalars.
    private static func isSimpleASCII(
        _ text: some StringProtocol,
        allowingTabs: Bool,
        allowingDoubleSpaces: Bool
    ) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                let printable = byte >= 0x20 && byte < 0x7F
                let markup = byte == 0x3C || byte == 0x26 || byte == 0x2A || byte == 0x5F  // < & * _
                let simple = (printable && !markup) || (allowingTabs && byte == 0x09)
                if !simple || (!allowingDoubleSpaces && byte == 0x20 && previous == 0x20) { return false }
                previous = byte
            }
            return true
        } ?? false
    }

    /// Spaces of every width become a plain space, invisible characters vanish (nil), control
    /// characters become spaces; the markers themselves cannot be smuggled in.
    private static func normalised(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x09: return "\t"
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return " "
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return " "
        case 0xAD, 0x200B...0x200F, 0x2060, 0xFEFF: return nil
        case 0xE000, 0xE001: return " "
        default: return scalar
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar.properties.isWhitespace
    }

    private enum Tag { case boldOpen, boldClose, block, other }

    /// A tag starting at `start` (`<b>`, `</p>`, `<br/>`, `<!-- ... -->`), or nil for a `<`
    /// that is just a character ("< 5 minutes").
    private static func readTag(_ scalars: [Unicode.Scalar], at start: Int) -> (Tag, Int)? {
        let limit = min(scalars.count, start + 512)
        var i = start + 1
        guard i < limit else { return nil }
        if scalars[i] == "!" {
            // A comment or doctype: skip to the closing `>` (`-->` for a comment).
            let isComment = i + 2 < limit && scalars[i + 1] == "-" && scalars[i + 2] == "-"
            var j = i + 1
            while j < limit {
                if scalars[j] == ">", !isComment || (j >= 2 && scalars[j - 1] == "-" && scalars[j - 2] == "-") {
                    return (.other, j + 1)
                }
                j += 1
            }
            return nil
        }
        var closing = false
        if scalars[i] == "/" {
            closing = true
            i += 1
        }
        var name = ""
        while i < limit, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) || scalars[i] == ":" {
            name.unicodeScalars.append(scalars[i])
            i += 1
        }
        guard !name.isEmpty, name.unicodeScalars.first.map({ $0.isASCII && $0.properties.isAlphabetic }) == true
        else { return nil }
        guard i < limit, scalars[i] == ">" || scalars[i] == "/" || scalars[i] == " " || scalars[i] == "\t"
        else { return nil }
        var quote: Unicode.Scalar?
        while i < limit {
            let scalar = scalars[i]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                let lowered = name.lowercased()
                if boldTags.contains(lowered) { return (closing ? .boldClose : .boldOpen, i + 1) }
                if blockTags.contains(lowered) { return (.block, i + 1) }
                return (.other, i + 1)
            }
            i += 1
        }
        return nil
    }

    private static let entities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ",
        "thinsp": " ", "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "sbquo": "\u{201A}", "bdquo": "\u{201E}", "hellip": "\u{2026}",
        "bull": "\u{2022}", "middot": "\u{00B7}", "laquo": "\u{00AB}", "raquo": "\u{00BB}", "copy": "\u{00A9}",
        "reg": "\u{00AE}", "trade": "\u{2122}", "euro": "\u{20AC}", "pound": "\u{00A3}", "deg": "\u{00B0}",
        "times": "\u{00D7}", "shy": "\u{00AD}", "aacute": "á", "Aacute": "Á", "agrave": "à", "Agrave": "À",
        "acirc": "â", "Acirc": "Â", "atilde": "ã", "auml": "ä", "Auml": "Ä", "aring": "å", "aelig": "æ",
        "ccedil": "ç", "Ccedil": "Ç", "eacute": "é", "Eacute": "É", "egrave": "è", "Egrave": "È", "ecirc": "ê",
        "Ecirc": "Ê", "euml": "ë", "iacute": "í", "Iacute": "Í", "igrave": "ì", "icirc": "î", "iuml": "ï",
        "ntilde": "ñ", "Ntilde": "Ñ", "oacute": "ó", "Oacute": "Ó", "ograve": "ò", "ocirc": "ô", "otilde": "õ",
        "ouml": "ö", "Ouml": "Ö", "oslash": "ø", "oelig": "œ", "uacute": "ú", "Uacute": "Ú", "ugrave": "ù",
        "ucirc": "û", "uuml": "ü", "Uuml": "Ü", "yacute": "ý", "szlig": "ß", "scaron": "š", "Scaron": "Š",
        "ccaron": "č", "Ccaron": "Č", "zcaron": "ž", "Zcaron": "Ž",
    ]

    /// `&amp;`, `&#8211;`, `&#x2013;`; nil for a bare `&` ("Q&A").
    private static func readEntity(_ scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        let limit = min(scalars.count, start + 12)
        var i = start + 1
        var body = ""
        while i < limit, scalars[i] != ";" {
            guard scalars[i].isASCII,
                scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i])
                    || scalars[i] == "#"
            else { return nil }
            body.unicodeScalars.append(scalars[i])
            i += 1
        }
        guard i < limit, !body.isEmpty else { return nil }
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value else { return nil }
            return (Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}", i + 1)
        }
        guard let scalar = entities[body] else { return nil }
        return (scalar, i + 1)
    }
}

/// UTF-8 bytes being assembled into a string.
private struct ScalarBytes {
    private var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            bytes.append(UInt8(value))
        } else if value < 0x800 {
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else if value < 0x10000 {
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    mutating func append(contentsOf scalars: ArraySlice<Unicode.Scalar>) {
        for scalar in scalars { append(scalar) }
    }
}
