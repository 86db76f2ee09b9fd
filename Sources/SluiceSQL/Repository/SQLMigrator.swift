import Foundation
import SQLKit
import Sluice

/// Runs the repository's versioned migrations. A table `sluice_migrations` records what ran;
/// pending migrations run in one transaction, under a lock so that concurrent processes migrate
/// once. Migrations only ever add: no migration drops user data.
public struct SQLMigrator: Sendable {
    /// The database to migrate.
    public let database: DatabaseConnection

    /// Creates a migrator.
    public init(_ database: DatabaseConnection) { self.database = database }

    /// The latest schema version this build knows.
    public var latestVersion: Int { SQLSchema.migrations(database.driver.family).map(\.version).max() ?? 0 }

    /// Applies pending migrations; returns the versions applied (empty when up to date).
    @discardableResult
    public func migrate() async throws -> [Int] {
        let family = database.driver.family
        if family == .mysql { return try await migrateUnderNamedLock() }
        return try await database.transaction { db in
            switch family {
            case .postgres: try await db.raw("SELECT pg_advisory_xact_lock(7370019)").run()
            case .mysql, .sqlite: break  // SQLite: BEGIN IMMEDIATE already holds the write lock
            }
            return try await apply(db, family: family)
        }
    }

    /// MySQL: DDL commits implicitly, so a transaction cannot hold the migration together; a
    /// named lock (`GET_LOCK`, held by the session) makes concurrent processes migrate once.
    private func migrateUnderNamedLock() async throws -> [Int] {
        try await database.withConnection { db in
            let locked = try await db.raw("SELECT GET_LOCK('sluice_migrations', 120) AS locked").first()?
                .decode(column: "locked", as: Int?.self)
            guard locked == 1 else {
                throw BatchError(.transient, "\(database): timed out waiting for another process to finish migrating the job repository")
            }
            do {
                let ran = try await apply(db, family: .mysql)
                try await db.raw("SELECT RELEASE_LOCK('sluice_migrations')").run()
                return ran
            } catch {
                try? await db.raw("SELECT RELEASE_LOCK('sluice_migrations')").run()
                throw error
            }
        }
    }

    /// Creates the migrations table if needed and runs the pending migrations on `db`.
    private func apply(_ db: any SQLDatabase, family: SQLFamily) async throws -> [Int] {
        try await db.raw("""
            CREATE TABLE IF NOT EXISTS sluice_migrations (version INTEGER NOT NULL PRIMARY KEY,
            name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)
            """ + SQLQueryString(family.tableOptions)).run()
        let rows = try await db.raw("SELECT version FROM sluice_migrations").all()
        let applied = Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        var ran: [Int] = []
        for migration in SQLSchema.migrations(family) where !applied.contains(migration.version) {
            for statement in migration.statements { try await db.raw(SQLQueryString(statement)).run() }
            let now = Int(Date().timeIntervalSince1970 * 1000)
            try await db.raw("""
                INSERT INTO sluice_migrations (version, name, applied_at)
                VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))
                """).run()
            ran.append(migration.version)
        }
        return ran
    }

    /// The versions recorded as applied.
    public func appliedVersions() async throws -> [Int] {
        try await database.withConnection { db in
            let exists = try await Self.migrationTableExists(db, family: database.driver.family)
            guard exists else { return [] }
            return try await db.raw("SELECT version FROM sluice_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    static func migrationTableExists(_ db: any SQLDatabase, family: SQLFamily) async throws -> Bool {
        let query: SQLQueryString
        switch family {
        case .sqlite: query = "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'sluice_migrations'"
        case .postgres: query = "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'sluice_migrations' AND table_schema = current_schema()"
        case .mysql: query = "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'sluice_migrations' AND table_schema = DATABASE()"
        }
        return try await db.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0 > 0
    }
}
