import Foundation
import Testing

@testable import GavelCore

/// The programme corpus (`Fixtures/corpus`): re-creations of real published layouts, each with the
/// canonical JSON it must import as (`Fixtures/corpus/expected`). One test imports every one and
/// diffs it, so a change to the importer shows at once which real layouts it reads differently.
///
/// Each programme opens with `%%` lines naming the kind of source; they are blanked before the
/// import, so line numbers in diagnostics stay those of the file. To re-record after a deliberate
/// change, run with `GAVEL_RECORD_CORPUS=1` and review the diff of `expected/` like code.
@Suite struct ProgrammeCorpusTests {
    /// What every corpus import gets: nothing, so each programme must carry its own date and zone.
    static let options = AgendaImportOptions()

    static var corpusURL: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures/corpus", isDirectory: true)
    }

    static func programmes() throws -> [URL] {
        let url = try #require(corpusURL, "the corpus is missing from the test bundle")
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath && $0.pathExtension != "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The programme as a secretariat would paste it: the `%%` source comment blanked.
    static func programmeText(_ url: URL) throws -> (text: String, source: String?) {
        let raw = try String(contentsOf: url, encoding: .utf8)
        var source: String?
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            guard line.hasPrefix("%%") else { return line }
            if source == nil { source = line.dropFirst(2).trimmingCharacters(in: .whitespaces) }
            return ""
        }
        return (lines.joined(separator: "\n"), source)
    }

    /// The agenda as canonical JSON, or the errors as lines when it does not import.
    static func result(of url: URL) throws -> String {
        let (text, _) = try programmeText(url)
        do {
            let imported = try AgendaImporter.importAgenda(
                Data(text.utf8),
                fileName: url.lastPathComponent,
                options: options
            )
            return String(decoding: imported.agenda.canonicalJSON(), as: UTF8.self)
        } catch {
            return error.diagnostics.map { "\($0.severity): \($0)" }.joined(separator: "\n") + "\n"
        }
    }

    static func expectedURL(for programme: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/corpus/expected/\(programme).json")
    }

    @Test func corpusHasAtLeastThirtyProgrammesEachNamingItsSource() throws {
        let programmes = try Self.programmes()
        #expect(programmes.count >= 30)
        for url in programmes {
            let source = try Self.programmeText(url).source
            #expect(source?.lowercased().hasPrefix("source kind:") == true, "\(url.lastPathComponent) names no source")
        }
    }

    @Test func everyProgrammeImportsAsItsExpectedCanonicalJSON() throws {
        let record = ProcessInfo.processInfo.environment["GAVEL_RECORD_CORPUS"] == "1"
        var exact = 0
        let programmes = try Self.programmes()
        for url in programmes {
            let name = url.deletingPathExtension().lastPathComponent
            let actual = try Self.result(of: url)
            let expectedFile = Self.expectedURL(for: name)
            if record {
                try FileManager.default.createDirectory(
                    at: expectedFile.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data(actual.utf8).write(to: expectedFile)
            }
            let bundled = try #require(Self.corpusURL).appendingPathComponent("expected/\(name).json")
            guard let expected = try? String(contentsOf: record ? expectedFile : bundled, encoding: .utf8) else {
                Issue.record("\(name): no expected JSON (run with GAVEL_RECORD_CORPUS=1 to write it)")
                continue
            }
            if expected == actual {
                exact += 1
            } else {
                Issue.record("\(name) imports differently:\n\(Self.diff(expected: expected, actual: actual))")
            }
        }
        #expect(exact == programmes.count, "\(exact) of \(programmes.count) programmes imported exactly")
    }

    /// The lines that differ, marked - (expected) and + (actual), with their line numbers.
    static func diff(expected: String, actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : nil
            let right = index < b.count ? b[index] : nil
            guard left != right else { continue }
            if let left { out.append("\(index + 1) - \(left)") }
            if let right { out.append("\(index + 1) + \(right)") }
            if out.count > 40 { break }
        }
        return out.joined(separator: "\n")
    }
}
