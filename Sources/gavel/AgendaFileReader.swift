import Foundation
import GavelCore

/// Reads an agenda file, or standard input for `-`, refusing early what cannot be an agenda.
struct AgendaFileReader {
    /// Why a file could not be read; `gavel` exits with EX_NOINPUT.
    struct Failure: Error, Equatable {
        var message: String
    }

    /// The path as the user typed it; `-` is standard input.
    var path: String

    /// The name to show in diagnostics: the path as typed, so an editor can open it.
    var displayName: String { path == "-" ? "<stdin>" : path }

    /// The name used to guess the format, nil for standard input (then the content decides).
    var fileNameForDetection: String? { path == "-" ? nil : path }

    /// The file's bytes, at most one more than the importer accepts: enough for it to refuse a
    /// file that is too big, without reading all of a wrong file (or /dev/zero) into memory.
    func read(limit: Int = AgendaImporter.maximumBytes + 1) throws(Failure) -> Data {
        if path == "-" {
            return readAll(FileHandle.standardInput, limit: limit)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(message: "no such file")
        }
        if isDirectory.boolValue {
            throw Failure(message: "this is a directory; give the path of an agenda file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(
                message: FileManager.default.isReadableFile(atPath: path)
                    ? "cannot open the file" : "permission denied"
            )
        }
        defer { try? handle.close() }
        return readAll(handle, limit: limit)
    }

    private func readAll(_ handle: FileHandle, limit: Int) -> Data {
        var data = Data()
        while data.count < limit {
            guard let chunk = try? handle.read(upToCount: min(64 * 1024, limit - data.count)), !chunk.isEmpty
            else { break }
            data.append(chunk)
        }
        return data
    }
}
