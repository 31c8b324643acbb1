import Foundation
import ZIPFoundation

/// The parts of an Office file (a zip archive), read with ZIPFoundation, each bounded in size
/// so a zip bomb is refused rather than unpacked.
///
/// The archive is read from a temporary file, not from memory: ZIPFoundation 0.9.20's in-memory
/// archive traps ("Range requires lowerBound <= upperBound", Archive+MemoryFile.swift) when a
/// damaged directory points past the end of the data, which the `document` fuzz target found;
/// through a file the same read is a short read, and the archive an error.
final class ZipParts {
    /// More than any programme's XML; a part beyond this is not one.
    static let maximumPartBytes = 32 * 1024 * 1024

    private let archive: Archive
    private let label: String
    private let directory: URL

    init(_ data: Data, label: String) throws(AgendaDocumentError) {
        self.label = label
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-document-\(UUID().uuidString)", isDirectory: true)
        let file = directory.appendingPathComponent("document.zip")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: file)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw AgendaDocumentError("cannot make a temporary copy of the \(label): \(error)")
        }
        do {
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw AgendaDocumentError("the \(label) cannot be opened (\(error)); is it a real .docx or .xlsx file?")
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The bytes of the part at `path`, or nil when the archive has none.
    func part(_ path: String) throws(AgendaDocumentError) -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(Self.maximumPartBytes) else {
            throw AgendaDocumentError("the \(label)'s \(path) unpacks to more than 32 MB; is this the right file?")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= Self.maximumPartBytes else { throw PartTooLarge() }
                data.append(chunk)
            }
        } catch {
            throw AgendaDocumentError("the \(label)'s \(path) cannot be unpacked (\(error))")
        }
        // Office writes its XML in UTF-8. FoundationXML's parser traps on a name that is not
        // (an attribute 'xml:spac\u{C9}', found by the document fuzz target), so such a part is
        // refused here, before it reaches the parser.
        guard String(validating: data, as: UTF8.self) != nil else {
            throw AgendaDocumentError("the \(label)'s \(path) is not UTF-8 text; is the file damaged?")
        }
        return data
    }

    private struct PartTooLarge: Error {}
}
