import Foundation
import ZIPFoundation

/// The parts of an Office file (a zip archive), read with ZIPFoundation, each bounded in size
/// so a zip bomb is refused rather than unpacked.
struct ZipParts {
    /// More than any programme's XML; a part beyond this is not one.
    static let maximumPartBytes = 32 * 1024 * 1024

    private let archive: Archive
    private let label: String

    init(_ data: Data, label: String) throws(AgendaDocumentError) {
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw AgendaDocumentError("the \(label) cannot be opened (\(error)); is it a real .docx or .xlsx file?")
        }
        self.label = label
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
        return data
    }

    private struct PartTooLarge: Error {}
}
