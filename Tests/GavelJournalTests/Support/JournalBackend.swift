import Foundation
import GavelJournal
import Logging
import PostgresNIO
import Testing

/// The journal's backends, for the tests that hold for both: SQLite always, PostgreSQL when
/// `GAVEL_TEST_POSTGRES_URL` names a database to make test databases beside (Scripts/test starts
/// a throwaway cluster and sets it, so in CI both always run).
enum JournalBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let variable = "GAVEL_TEST_POSTGRES_URL"

    /// Every backend this run can test: PostgreSQL is left out only when the variable is absent.
    static let available: [JournalBackend] =
        ProcessInfo.processInfo.environment[variable].map { _ in [.sqlite, .postgres] } ?? [.sqlite]

    var testDescription: String { rawValue }
}

/// A place for one test's journal on a backend, which can be opened, closed and opened again: a
/// file in a fresh directory, or a fresh PostgreSQL database (so its ids and seqs start at 1, as a
/// new file's do), dropped when the place is released.
final class JournalPlace {
    let backend: JournalBackend
    let location: JournalLocation
    private let directory: TemporaryDirectory?
    private let databaseName: String?

    init(_ backend: JournalBackend, room: String = PostgresJournalAddress.defaultRoom) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            let directory = try TemporaryDirectory()
            self.directory = directory
            databaseName = nil
            location = .file(directory.path("journal.sqlite"))
        case .postgres:
            let base = try Self.baseAddress()
            let name = "gavel_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try Self.administer(base, "CREATE DATABASE \(name)")
            directory = nil
            databaseName = String(name)
            var address = base
            address.database = String(name)
            address.room = room
            location = .postgres(address)
        }
    }

    /// The same database in another room: a second daemon's view.
    func location(room: String) -> JournalLocation {
        guard case .postgres(var address) = location else { return location }
        address.room = room
        return .postgres(address)
    }

    func open(room: String? = nil) throws -> Journal {
        try Journal(location: room.map(location(room:)) ?? location)
    }

    deinit {
        if let databaseName, let base = try? Self.baseAddress() {
            try? Self.administer(base, "DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
        }
    }

    private static func baseAddress() throws -> PostgresJournalAddress {
        let url = try #require(ProcessInfo.processInfo.environment[JournalBackend.variable])
        return try PostgresJournalAddress(url: url)
    }

    /// Runs one statement on the test server's own database (CREATE or DROP DATABASE).
    private static func administer(_ address: PostgresJournalAddress, _ sql: String) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let connection = try PostgresConnection.connect(
            on: group.next(),
            configuration: address.connectionConfiguration(connectTimeout: .seconds(10)),
            id: 1,
            logger: Logger(label: "gavel.tests", factory: { _ in SwiftLogNoOpLogHandler() })
        ).wait()
        defer { try? connection.close().wait() }
        _ = try connection.simpleQuery(sql).wait()
    }
}
