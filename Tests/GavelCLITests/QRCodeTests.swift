import Foundation
import Testing

@testable import gavel

/// The console's QR code, read back by a real decoder (zbarimg, Debian's zbar-tools, which
/// Scripts/lib/setup.sh installs): a code that scans is the only proof that counts.
@Suite struct QRCodeTests {
    /// Decodes a PBM image with zbarimg; its text, or nil when it finds no code.
    static func decode(_ pbm: String) throws -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gavel-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("code.pbm")
        try Data(pbm.utf8).write(to: image)
        guard
            let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first(
                where: FileManager.default.isExecutableFile
            )
        else {
            throw GavelProcess.Failure(
                description:
                    "zbarimg is missing: install zbar-tools (bash -c 'source Scripts/lib/setup.sh; ensure_qr_decoder')"
            )
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", image.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// The modules a text rendering shows, read back from its half blocks.
    static func modules(fromText lines: [String], size: Int) -> [[Bool]] {
        var rows: [[Bool]] = []
        for line in lines {
            let characters = Array(line)
            rows.append(characters.map { $0 == "█" || $0 == "▀" })
            rows.append(characters.map { $0 == "█" || $0 == "▄" })
        }
        let zone = QRCode.quietZone
        return (0..<size).map { row in Array(rows[row + zone][zone..<zone + size]) }
    }

    @Test(arguments: [
        "http://127.0.0.1:8417/console",
        "https://gavel.example.org:8443/console?room=4",
        "http://[2001:db8::17]:8417/console",
        // Long enough for versions 7 to 10, where the version information and several blocks come in.
        "https://conference-room-4.hearings.example.org:8417/console?venue=united-nations-headquarters&room=CR4",
        String(repeating: "x", count: 150),
        // Every printable ASCII character a URL may carry.
        String((32...126).map { Character(UnicodeScalar(UInt8($0))) }),
    ])
    func aCodeDecodesToItsText(text: String) throws {
        let code = try QRCode(text)
        #expect(try Self.decode(code.pbm()) == text)
    }

    @Test func everyVersionDecodes() throws {
        for version in QRCode.versions {
            let text = String(repeating: "gavel", count: 50).prefix(QRCode.capacity(of: version))
            let code = try QRCode(String(text))
            #expect(code.version == version)
            #expect(try Self.decode(code.pbm()) == String(text), "version \(version)")
        }
    }

    @Test func theTerminalRenderingShowsTheCodesModules() throws {
        let code = try QRCode("http://127.0.0.1:8417/console")
        let lines = code.textLines(colours: false)
        #expect(lines.count == (code.size + 2 * QRCode.quietZone + 1) / 2)
        let shown = Self.modules(fromText: lines, size: code.size)
        for row in 0..<code.size {
            for column in 0..<code.size {
                #expect(shown[row][column] == code.isDark(row: row, column: column))
            }
        }
        let coloured = code.textLines(colours: true)
        #expect(coloured.allSatisfy { $0.hasPrefix("\u{1B}[38;5;16;48;5;231m") && $0.hasSuffix("\u{1B}[0m") })
    }

    @Test func aTextTooLongIsRefusedSayingTheLimit() {
        let limit = QRCode.capacity(of: QRCode.versions.upperBound)
        #expect(throws: QRCode.Error.tooLong(bytes: limit + 1, maximum: limit)) {
            try QRCode(String(repeating: "a", count: limit + 1))
        }
    }

    @Test func reedSolomonMatchesTheStandardsExample() {
        // ISO/IEC 18004 annex I: "01234567" in version 1-M, data codewords and their 10 correction codewords.
        let data: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        let ec = ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ec == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }
}
