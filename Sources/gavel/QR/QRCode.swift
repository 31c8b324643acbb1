/// A QR code (ISO/IEC 18004) of a short text, made here because no QR package is in the offline
/// package set: byte mode, error correction level M (15 % of the code may be lost), versions 1 to
/// 10 (up to 213 bytes: a URL). Pure; `QRCode+Text.swift` draws it for a terminal.
///
/// Follows the standard's steps, as Project Nayuki's reference implementation lays them out:
/// the bits (mode, count, data, terminator, padding), Reed-Solomon codewords per block, the
/// blocks interleaved, the function patterns, the zigzag placement, the mask with the lowest
/// penalty, and the format and version information.
struct QRCode: Equatable {
    /// The number of modules on a side: 21 for version 1, 4 more per version.
    let size: Int
    let version: Int
    let mask: Int
    /// `modules[row][column]`: true is dark.
    private(set) var modules: [[Bool]]

    enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case tooLong(bytes: Int, maximum: Int)

        var description: String {
            switch self {
            case .tooLong(let bytes, let maximum):
                "\(bytes) bytes do not fit a QR code of version \(QRCode.versions.upperBound) (at most \(maximum))"
            }
        }
    }

    static let versions = 1...10

    /// Error correction level M, per version: the codewords of each block's correction, and the
    /// blocks' data codewords (group 1, then group 2, which has one more).
    private static let blocks: [Int: (ec: Int, groups: [(count: Int, data: Int)])] = [
        1: (10, [(1, 16)]), 2: (16, [(1, 28)]), 3: (26, [(1, 44)]), 4: (18, [(2, 32)]), 5: (24, [(2, 43)]),
        6: (16, [(4, 27)]), 7: (18, [(4, 31)]), 8: (22, [(2, 38), (2, 39)]), 9: (22, [(3, 36), (2, 37)]),
        10: (26, [(4, 43), (1, 44)]),
    ]

    /// The centres of the alignment patterns, per version (rows and columns alike).
    private static let alignment: [Int: [Int]] = [
        1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42],
        9: [6, 26, 46], 10: [6, 28, 50],
    ]

    /// Level M's two format bits.
    private static let levelBits = 0b00

    /// The smallest code that holds `text` (as UTF-8).
    init(_ text: String) throws(Error) {
        let bytes = Array(text.utf8)
        guard let version = Self.versions.first(where: { Self.capacity(of: $0) >= bytes.count }) else {
            throw .tooLong(bytes: bytes.count, maximum: Self.capacity(of: Self.versions.upperBound))
        }
        self.version = version
        size = 17 + 4 * version
        var matrix = Matrix(size: size)
        matrix.drawFunctionPatterns(version: version, alignment: Self.alignment[version]!)
        matrix.drawCodewords(Self.codewords(bytes, version: version))
        var best: (mask: Int, matrix: Matrix, penalty: Int)?
        for mask in 0..<8 {
            var candidate = matrix
            candidate.applyMask(mask)
            candidate.drawFormatBits(Self.formatBits(mask: mask))
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (mask, candidate, penalty) }
        }
        mask = best!.mask
        modules = best!.matrix.dark
    }

    /// The most bytes a version holds: its data codewords less the mode (4 bits) and the count
    /// (8 bits up to version 9, 16 from 10).
    static func capacity(of version: Int) -> Int {
        let layout = blocks[version]!
        let dataCodewords = layout.groups.reduce(0) { $0 + $1.count * $1.data }
        return (dataCodewords * 8 - 4 - countBits(version)) / 8
    }

    private static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The data and correction codewords, interleaved as they are placed.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let layout = blocks[version]!
        let dataLength = layout.groups.reduce(0) { $0 + $1.count * $1.data }
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)  // byte mode
        bits.append(bytes.count, count: countBits(version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, dataLength * 8 - bits.count))  // terminator
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataLength {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let divisor = ReedSolomon.divisor(degree: layout.ec)
        var blocks: [(data: [UInt8], ec: [UInt8])] = []
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.count {
                let block = Array(data[offset..<offset + group.data])
                offset += group.data
                blocks.append((block, ReedSolomon.remainder(block, divisor: divisor)))
            }
        }
        var result: [UInt8] = []
        for index in 0..<(blocks.map(\.data.count).max() ?? 0) {
            for block in blocks where index < block.data.count { result.append(block.data[index]) }
        }
        for index in 0..<layout.ec {
            for block in blocks { result.append(block.ec[index]) }
        }
        return result
    }

    /// The 15 format bits for level M and `mask`: BCH(15, 5), then the standard's XOR pattern.
    static func formatBits(mask: Int) -> Int {
        let data = levelBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Whether the module at `row`, `column` is dark.
    func isDark(row: Int, column: Int) -> Bool { modules[row][column] }
}

/// Bits appended most significant first.
private struct BitBuffer {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { byte, bit in
                byte | (bit.element ? UInt8(0x80) >> bit.offset : 0)
            }
        }
    }
}

/// Reed-Solomon over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> bit) & 1) * Int(x)
        }
        return UInt8(z)
    }

    /// The generator polynomial's coefficients, highest power first, its leading 1 left out.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                result[index] = multiply(result[index], root)
                if index + 1 < degree { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The correction codewords of `data`: its remainder by the generator.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}

/// The modules while the code is drawn: which are dark, and which belong to function patterns
/// (finders, timing, alignment, format and version information), which data and masks skip.
private struct Matrix {
    let size: Int
    var dark: [[Bool]]
    var isFunction: [[Bool]]

    init(size: Int) {
        self.size = size
        dark = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = dark
    }

    mutating func set(row: Int, column: Int, _ value: Bool) {
        dark[row][column] = value
        isFunction[row][column] = true
    }

    mutating func drawFunctionPatterns(version: Int, alignment: [Int]) {
        for index in 0..<size {
            set(row: 6, column: index, index % 2 == 0)
            set(row: index, column: 6, index % 2 == 0)
        }
        // Finders, with their light separators.
        for (row, column) in [(3, 3), (3, size - 4), (size - 4, 3)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let r = row + dy
                    let c = column + dx
                    guard (0..<size).contains(r), (0..<size).contains(c) else { continue }
                    let distance = max(abs(dx), abs(dy))
                    set(row: r, column: c, distance != 2 && distance != 4)
                }
            }
        }
        let last = alignment.count - 1
        for (i, row) in alignment.enumerated() {
            for (j, column) in alignment.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(row: row + dy, column: column + dx, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(0)  // reserves the areas; drawn again with the mask's bits
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for index in 0..<18 {
                let bit = (bits >> index) & 1 == 1
                let a = size - 11 + index % 3
                let b = index / 3
                set(row: b, column: a, bit)
                set(row: a, column: b, bit)
            }
        }
    }

    mutating func drawFormatBits(_ bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { set(row: index, column: 8, bit(index)) }
        set(row: 7, column: 8, bit(6))
        set(row: 8, column: 8, bit(7))
        set(row: 8, column: 7, bit(8))
        for index in 9..<15 { set(row: 8, column: 14 - index, bit(index)) }
        for index in 0..<8 { set(row: 8, column: size - 1 - index, bit(index)) }
        for index in 8..<15 { set(row: size - 15 + index, column: 8, bit(index)) }
        set(row: size - 8, column: 8, true)  // the dark module
    }

    /// The codewords' bits in the zigzag: two columns at a time from the right, up then down,
    /// stepping over the vertical timing pattern.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var index = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for offset in 0..<2 {
                    let column = right - offset
                    let upward = (right + 1) & 2 == 0
                    let row = upward ? size - 1 - vertical : vertical
                    if !isFunction[row][column] && index < total {
                        dark[row][column] = (codewords[index >> 3] >> (7 - (index & 7))) & 1 == 1
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row][column] {
                let (x, y) = (column, row)
                let invert =
                    switch mask {
                    case 0: (x + y) % 2 == 0
                    case 1: y % 2 == 0
                    case 2: x % 3 == 0
                    case 3: (x + y) % 3 == 0
                    case 4: (x / 3 + y / 2) % 2 == 0
                    case 5: x * y % 2 + x * y % 3 == 0
                    case 6: (x * y % 2 + x * y % 3) % 2 == 0
                    default: ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                if invert { dark[row][column].toggle() }
            }
        }
    }

    /// The standard's four penalties: long runs, 2×2 blocks, finder-like patterns, imbalance.
    func penalty() -> Int {
        var score = 0
        let lines = dark + (0..<size).map { column in (0..<size).map { dark[$0][column] } }
        let finderLike: [Bool] = [true, false, true, true, true, false, true]
        let light4 = [Bool](repeating: false, count: 4)
        for line in lines {
            var run = 1
            for index in 1..<size {
                if line[index] == line[index - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { score += run - 2 }
            for start in 0...(size - 11) {
                let window = Array(line[start..<start + 11])
                if window == finderLike + light4 || window == light4 + finderLike { score += 40 }
            }
        }
        for row in 0..<size - 1 {
            for column in 0..<size - 1 {
                let colour = dark[row][column]
                if dark[row][column + 1] == colour && dark[row + 1][column] == colour
                    && dark[row + 1][column + 1] == colour
                {
                    score += 3
                }
            }
        }
        let darkCount = dark.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        score += abs(darkCount * 20 - total * 10) / total * 10
        return score
    }
}
