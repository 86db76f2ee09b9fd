import SQLKit
import Sluice

/// A transaction on one leased connection of a ``DatabaseConnection``. Components reach it
/// through ``Sluice/ActiveTransaction/current`` and run their statements on ``sql``.
public final class SQLTransaction: Transaction {
    /// The database this transaction belongs to.
    public let database: DatabaseConnection
    let connection: any DriverConnection
    private let finished = Mutex(false)

    init(database: DatabaseConnection, connection: any DriverConnection) {
        self.database = database
        self.connection = connection
    }

    /// SQLKit's view of the transaction's connection.
    public var sql: any SQLDatabase { connection.sql }

    /// The driver's connection, for driver-specific operations such as PostgreSQL's COPY.
    public var driverConnection: any DriverConnection { connection }

    public func commit() async throws {
        guard markFinished() else { return }
        do {
            try await sql.raw("COMMIT").run()
            await database.pool.release(connection)
        } catch {
            try? await sql.raw("ROLLBACK").run()
            await database.pool.release(connection)
            throw database.classify(error)
        }
    }

    public func rollback() async throws {
        guard markFinished() else { return }
        do {
            try await sql.raw("ROLLBACK").run()
            await database.pool.release(connection)
        } catch {
            await database.pool.release(connection)
            throw database.classify(error)
        }
    }

    public func setSavepoint(_ name: String) async throws {
        try await run("SAVEPOINT \(database.driver.quoted(identifier: name))")
    }

    public func rollback(toSavepoint name: String) async throws {
        try await run("ROLLBACK TO SAVEPOINT \(database.driver.quoted(identifier: name))")
    }

    public func releaseSavepoint(_ name: String) async throws {
        try await run("RELEASE SAVEPOINT \(database.driver.quoted(identifier: name))")
    }

    private func run(_ statement: String) async throws {
        do { try await sql.raw(SQLQueryString(statement)).run() } catch { throw database.classify(error) }
    }

    private func markFinished() -> Bool {
        finished.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

/// Begins ``SQLTransaction``s on a named database: the transaction manager of SQL writers and
/// tasklets. When the job repository lives in the same database, chunk checkpoints join these
/// transactions.
public struct SQLTransactionManager: TransactionManager {
    /// The database.
    public let database: DatabaseConnection
    /// The isolation level of each transaction (nil: the database's default).
    public var isolation: IsolationLevel?

    /// Creates the manager.
    public init(_ database: DatabaseConnection, isolation: IsolationLevel? = nil) {
        self.database = database
        self.isolation = isolation
    }

    public func begin() async throws -> any Transaction { try await database.begin(isolation: isolation) }

    /// PostgreSQL: each transaction has its own pooled connection and row-level locks, so a
    /// chunk's commit can overlap the next chunk's write (a pool of one connection just runs
    /// them in turn). SQLite allows one writer at a time; MySQL is not tested for it yet.
    public var allowsOverlappingCommits: Bool { database.driver.family == .postgres }
}

import Synchronization
