import Foundation

/// One fuzz target: a function of the input bytes that returns normally, or traps on a finding
/// (a crash of the code under test, or a broken property checked with `require`).
struct FuzzTarget: Sendable {
    var name: String
    var summary: String
    var run: @Sendable (Data) -> Void
}

enum FuzzTargets {
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "text", summary: "printed-programme importer, canonical JSON round trip") {
            AgendaTarget.run($0, format: .text)
        },
        FuzzTarget(name: "csv", summary: "CSV importer, canonical JSON round trip") {
            AgendaTarget.run($0, format: .csv)
        },
        FuzzTarget(name: "json", summary: "canonical JSON importer, round trip") {
            AgendaTarget.run($0, format: .json)
        },
        FuzzTarget(name: "document", summary: "Word and Excel files (zip, XML) to text, then the importer") {
            DocumentTarget.run($0)
        },
        FuzzTarget(name: "wire", summary: "ClientMessage.decode, command re-encoding, the command applied") {
            WireTarget.run($0)
        },
        FuzzTarget(name: "replay", summary: "bytes as timed MeetingCommands: rejections, replay, readings") {
            ReplayTarget.run($0)
        },
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// Set once by `main` before libFuzzer starts; read by the input callback only.
    nonisolated(unsafe) private(set) static var selected: FuzzTarget?

    static func select(_ target: FuzzTarget) { selected = target }
}

/// The callback `main` hands to `LLVMFuzzerRunDriver`.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = FuzzTargets.selected else { fatalError("no fuzz target selected") }
    target.run(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}

/// Defined for libFuzzer's link-time reference; `main` passes `fuzzOneInput` to the driver directly.
@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOneInput(data, size)
}

/// Traps when a property does not hold, so libFuzzer saves the input like a crash.
func require(
    _ condition: @autoclosure () -> Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #fileID,
    line: UInt = #line
) {
    if !condition() { fatalError("property violated: \(message())", file: file, line: line) }
}
