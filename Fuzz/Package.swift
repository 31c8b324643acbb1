// swift-tools-version: 6.1
// libFuzzer targets for Gavel's untrusted inputs: the agenda importers and the wire decoder, and
// the meeting state machine driven by arbitrary command sequences, its events through the journal.
// A package of its own so the main build never sees the fuzzer flags: build and run it with
// `Scripts/fuzz` (docs/reliability.md).
import PackageDescription

let package = Package(
    name: "GavelFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The main package, by path; only GavelCore, GavelProtocol, GavelJournal (with GRDB,
        // for the journal's encoding of events) and GavelDocuments (with ZIPFoundation) are built.
        .package(name: "Gavel", path: "..")
    ],
    targets: [
        // Declares libFuzzer's `LLVMFuzzerRunDriver`, so the executable keeps its own `main`
        // (SwiftPM with tools-version 6 renames an executable's `main`, which defeats the
        // `-parse-as-library` route: docs/reliability.md, "Fuzzing").
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "GavelFuzz",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "GavelCore", package: "Gavel"),
                .product(name: "GavelProtocol", package: "Gavel"),
                .product(name: "GavelJournal", package: "Gavel"),
                .product(name: "GavelDocuments", package: "Gavel"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
