// swift-tools-version: 6.1
import PackageDescription

// The release `gavel` and `gaveld` carry the Swift runtime and Foundation inside them (Linux only;
// debug and sanitizer builds link the shared ones, which is faster). Loading them as shared
// libraries made the dynamic loader look up and relocate every symbol they export: for `gavel` that
// was a third of each command's start-up, for `gaveld` about 8 MB of resident memory (its symbol
// tables, relocation tables and the pages they touch). Measured side by side: Benchmarks/analysis.md.
// - `-static-stdlib` on the compile too: swiftc then imports the static Foundation, whose link list
//   (ICU and the rest) the link needs;
// - `--no-export-dynamic`: nothing loads these executables or looks their symbols up, so their
//   thousands of runtime symbols need not be exported (swiftc exports them by default);
// - lld's `-z pack-relative-relocs` (DT_RELR, glibc 2.36, Debian 12): the executable stays
//   position-independent, but its relocations are a bitmap of a few kilobytes instead of 24 bytes
//   each. Gold cannot write them; lld ships with the Swift toolchain.
let staticRuntimeCompile: [SwiftSetting] = [
    .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))
]
let staticRuntimeLink: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-stdlib", "-use-ld=lld", "-Xlinker", "--no-export-dynamic",
            "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        ],
        .when(platforms: [.linux], configuration: .release)
    )
]

let package = Package(
    name: "Gavel",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GavelCore", targets: ["GavelCore"]),
        .library(name: "GavelProtocol", targets: ["GavelProtocol"]),
        // For the Fuzz package: the replay target puts its events through the journal's columns.
        .library(name: "GavelJournal", targets: ["GavelJournal"]),
        // For the Fuzz package: Word and Excel files are untrusted input too.
        .library(name: "GavelDocuments", targets: ["GavelDocuments"]),
        .executable(name: "gavel", targets: ["gavel"]),
        .executable(name: "gaveld", targets: ["gaveld"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Word and Excel programmes are zip archives of XML parts.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // A venue's journal in PostgreSQL (`--journal postgresql://...`).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The pure core: agenda, importers, meeting state machine, alerts, schedule, timing record.
        // Foundation only; no clock, no I/O.
        .target(name: "GavelCore"),
        // The gavel.v1 wire protocol: messages, snapshots, command encoding. Shared by daemon, CLI, tests.
        .target(name: "GavelProtocol", dependencies: ["GavelCore"]),
        // Word, Excel and PDF programmes turned into the text the pure importer reads: the file
        // formats and the pdftotext process live here, outside GavelCore. Used by gavel and gaveld.
        .target(
            name: "GavelDocuments",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "GavelDocumentsTests",
            dependencies: [
                "GavelDocuments",
                "GavelCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "gavel",
            dependencies: [
                "GavelCore",
                "GavelProtocol",
                "GavelClient",
                "GavelDocuments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The chair waits for every `gavel next`: the static runtime saves the dynamic
            // loader's work (17.2 -> 11.6 ms at the median; above).
            swiftSettings: staticRuntimeCompile,
            linkerSettings: staticRuntimeLink
        ),
        // The client side of gavel.v1 for the CLI: a libwebsockets client (LWSClient*.swift holds
        // all of its unsafe code), the daemon session with the command retry rule, clock sync.
        .target(
            name: "GavelClient",
            dependencies: [
                "CLibWebSockets",
                "GavelCore",
                "GavelProtocol",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "GavelClientTests",
            dependencies: ["GavelClient", "GavelCore", "GavelProtocol"]
        ),
        // Random command scripts for the property tests of the core and the journal.
        .target(
            name: "MeetingGenerators",
            dependencies: [
                "GavelCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/MeetingGenerators"
        ),
        .testTarget(
            name: "GavelCoreTests",
            dependencies: [
                "GavelCore",
                "MeetingGenerators",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GavelProtocolTests",
            dependencies: [
                "GavelProtocol",
                "GavelCore",
                "MeetingGenerators",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Runs the built `gavel` binary as a user would. Depending on the executable makes
        // SwiftPM build it before the tests; the tests find it beside the test bundle.
        .testTarget(
            name: "GavelCLITests",
            dependencies: ["GavelCore", "GavelProtocol", "GavelClient", "gavel"]
        ),
        // The durable event journal (SQLite through GRDB): meetings, events, command outcomes, replay.
        .target(
            name: "GavelJournal",
            dependencies: [
                "GavelCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The C API, for the one call GRDB does not wrap (sqlite3_db_readonly).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "GavelJournalTests",
            dependencies: [
                "GavelJournal",
                "GavelCore",
                "MeetingGenerators",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                // To make and drop a database for each test run against PostgreSQL.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            // A journal written by schema 1, to prove the migrations upgrade it.
            resources: [.copy("Fixtures")]
        ),
        // libwebsockets (Debian's libwebsockets-dev) through a small shim header.
        .systemLibrary(
            name: "CLibWebSockets",
            path: "Sources/CLibWebSockets",
            pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev"])]
        ),
        // The daemon's server: the libwebsockets transport (Transport/) and the wiring around it.
        .target(
            name: "GavelServer",
            dependencies: [
                "CLibWebSockets",
                "GavelCore",
                "GavelProtocol",
                "GavelJournal",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // SHA-256 for the digest journaled with each command id (BoringSSL's on Linux).
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/Web")]
        ),
        // The daemon executable: flags, configuration, signals, systemd notification.
        .executableTarget(
            name: "gaveld",
            dependencies: [
                "GavelServer",
                "GavelDocuments",
                "GavelCore",
                "GavelProtocol",
                "GavelJournal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Memory a venue's daemon holds whatever its audience (above).
            swiftSettings: staticRuntimeCompile,
            linkerSettings: staticRuntimeLink
        ),
        // gaveld's settings: each from its option, its environment variable or its default.
        .testTarget(
            name: "GaveldTests",
            dependencies: [
                "gaveld",
                "GavelJournal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "GavelTransportTests",
            dependencies: [
                "GavelServer",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The daemon in-process: a fake transport, a manual clock, a real journal in a temporary
        // directory. The pytest suites stay the end-to-end proof.
        .testTarget(
            name: "GavelServerTests",
            dependencies: [
                "GavelServer",
                "GavelCore",
                "GavelProtocol",
                "GavelJournal",
                .product(name: "Logging", package: "swift-log"),
                // To take room from the journal (max_page_count), as a full disk does.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
