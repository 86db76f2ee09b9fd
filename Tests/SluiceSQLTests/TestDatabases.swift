import Foundation
import Sluice
import SluiceSQL
import SluicePostgres
import SluiceSQLite
import Testing

/// The databases SQL tests run against. SQLite uses a fresh file per test. PostgreSQL is the
/// server the test command starts (`SLUICE_TEST_POSTGRES_URL`); in CI its absence is a failure,
/// on a developer's machine the PostgreSQL tests are skipped with a printed reason.
enum TestDatabases {
    static let provider = DatabaseProvider(drivers: [SQLiteDriver(), PostgresDriver()])

    static var postgresURL: String? { ProcessInfo.processInfo.environment["SLUICE_TEST_POSTGRES_URL"] }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Whether PostgreSQL tests can run; prints why not when they cannot.
    static var postgresAvailable: Bool {
        // In CI a missing server must fail the tests (TestDatabases.postgres throws), never skip them.
        if postgresURL != nil || inCI { return true }
        print("skipping PostgreSQL tests: SLUICE_TEST_POSTGRES_URL is not set (scripts/test.sh starts a server and sets it)")
        return false
    }

    /// A new, empty SQLite database file.
    static func sqlite(_ name: String = "test") throws -> DatabaseConnection {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-sql-\(UUID().uuidString)")
        let url = DatabaseURL.sqlite(path: dir.appendingPathComponent("\(name).sqlite").path)
        return try DatabaseConnection(name: name, url: url, driver: SQLiteDriver())
    }

    /// A PostgreSQL database in a fresh schema, so tests do not see each other's tables.
    static func postgres(_ name: String = "test") async throws -> DatabaseConnection {
        guard let text = postgresURL else {
            throw BatchError(.connection, "SLUICE_TEST_POSTGRES_URL is not set; run the tests through scripts/test.sh")
        }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        var url = try DatabaseURL(text)
        let admin = try DatabaseConnection(name: "admin", url: url, driver: PostgresDriver(), poolSize: 1)
        try await admin.withConnection { db in try await db.raw("CREATE SCHEMA \(ident: String(schema))").run() }
        await admin.close()
        url.options["search_path"] = String(schema)
        return try DatabaseConnection(name: name, url: url, driver: PostgresDriver(), poolSize: 8)
    }
}

import Logging
