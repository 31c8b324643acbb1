import GRDB

@testable import GavelJournal

extension Journal {
    /// Lets the database grow by `pages` more pages, or without limit for nil: past them SQLite
    /// says SQLITE_FULL, as on a full disk.
    func limitGrowth(toPages pages: Int?) throws {
        try database.writeWithoutTransaction { db in
            let count = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages.map { count + $0 } ?? 1_073_741_823)")
        }
    }
}
