import Foundation
import Sluice
import SluiceSQL
import SluicePostgres
import SluiceSQLite
#if MySQL
import SluiceMySQL
#endif
import Testing

/// The databases SQL tests run against. SQLite uses a fresh file per test. PostgreSQL is the
/// server the test command starts (`SLUICE_TEST_POSTGRES_URL`); in CI its absence is a failure,
/// on a developer's machine the PostgreSQL tests are skipped with a printed reason.
enum TestDatabases {
    static let provider = DatabaseProvider(drivers: TestDrivers.all)

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

extension TestDatabases {
    static var mysqlURL: String? { ProcessInfo.processInfo.environment["SLUICE_TEST_MYSQL_URL"] }

    /// Whether MySQL tests can run; prints why not when they cannot. (They exist only when the
    /// tests are built with `--traits MySQL`, as scripts/test.sh does.)
    static var mysqlAvailable: Bool {
        if mysqlURL != nil || inCI { return true }
        print("skipping MySQL tests: SLUICE_TEST_MYSQL_URL is not set (scripts/test.sh starts MariaDB and sets it)")
        return false
    }

    #if MySQL
    /// A fresh, empty MySQL database (CREATE DATABASE per test), so tests do not see each other's tables.
    static func mysql(_ name: String = "test", poolSize: Int = 8) async throws -> DatabaseConnection {
        guard let text = mysqlURL else {
            throw BatchError(.connection, "SLUICE_TEST_MYSQL_URL is not set; run the tests through scripts/test.sh")
        }
        let database = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        var url = try DatabaseURL(text)
        let admin = try DatabaseConnection(name: "admin", url: url, driver: MySQLDriver(), poolSize: 1)
        try await admin.withConnection { db in
            try await db.raw("CREATE DATABASE \(ident: String(database)) CHARACTER SET utf8mb4").run()
        }
        await admin.close()
        url.database = String(database)
        return try DatabaseConnection(name: name, url: url, driver: MySQLDriver(), poolSize: poolSize)
    }
    #endif
}

/// The drivers the SQL tests open URLs with.
enum TestDrivers {
    static var all: [any DatabaseDriver] {
        #if MySQL
        [SQLiteDriver(), PostgresDriver(), MySQLDriver()]
        #else
        [SQLiteDriver(), PostgresDriver()]
        #endif
    }

    /// The driver for a URL's scheme.
    static func driver(for url: String) throws -> any DatabaseDriver {
        try DatabaseProvider(drivers: all).driver(for: try DatabaseURL(url))
    }
}
