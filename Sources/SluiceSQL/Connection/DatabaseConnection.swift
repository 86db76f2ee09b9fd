import Logging
import SQLKit
import Sluice

/// One open connection to a database, as a driver makes it: an SQLKit database pinned to that
/// connection, and a way to close it.
public protocol DriverConnection: Sendable {
    /// SQLKit's view of this one connection.
    var sql: any SQLDatabase { get }
    /// Whether the connection can no longer be used.
    var isClosed: Bool { get }
    /// Closes the connection.
    func close() async
}

/// What differs between databases beyond SQLKit's dialect: how a write transaction begins, how
/// errors are classified, how long a statement may bind parameters.
public protocol DatabaseDriver: Sendable {
    /// The URL schemes this driver opens (`sqlite`, `postgres`).
    var schemes: [String] { get }
    /// Opens one connection.
    func connect(to url: DatabaseURL, logger: Logger) async throws -> any DriverConnection
    /// Prepares a newly opened database: for example creating the file's directory.
    func prepare(_ url: DatabaseURL) throws
    /// The statement that begins a transaction at an isolation level.
    func beginStatement(_ isolation: IsolationLevel?) -> String
    /// The statements that begin a transaction, in order (MySQL sets the isolation level with a
    /// statement of its own); by default just ``beginStatement(_:)``.
    func beginStatements(_ isolation: IsolationLevel?) -> [String]
    /// `name` quoted as an identifier (savepoint names); by default in double quotes.
    func quoted(identifier name: String) -> String
    /// The most bind parameters one statement may carry.
    var maxBindParameters: Int { get }
    /// The category of a driver error (constraint, connection, transient...), or nil.
    func category(of error: any Error) -> ErrorCategory?
    /// How many connections a pool keeps at most, when the configuration does not say.
    var defaultPoolSize: Int { get }
    /// The SQL family, for the few statements SQLKit's dialect does not cover.
    var family: SQLFamily { get }
}

/// The SQL families Sluice speaks.
public enum SQLFamily: String, Sendable, Hashable {
    /// SQLite 3.35 or later.
    case sqlite
    /// PostgreSQL 12 or later.
    case postgres
    /// MySQL 8 / MariaDB 10.5 or later.
    case mysql
}

extension DatabaseDriver {
    public func prepare(_ url: DatabaseURL) throws {}
    public func beginStatements(_ isolation: IsolationLevel?) -> [String] { [beginStatement(isolation)] }
    public func quoted(identifier name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    public var defaultPoolSize: Int { 8 }
}

/// Transaction isolation levels.
public enum IsolationLevel: String, Sendable, Hashable, CaseIterable {
    /// READ UNCOMMITTED.
    case readUncommitted = "READ UNCOMMITTED"
    /// READ COMMITTED.
    case readCommitted = "READ COMMITTED"
    /// REPEATABLE READ.
    case repeatableRead = "REPEATABLE READ"
    /// SERIALIZABLE.
    case serializable = "SERIALIZABLE"
}

/// A named, pooled database: what job components and the repository use. Connections are opened
/// lazily up to the pool size, reused, and closed by ``close()``.
public final class DatabaseConnection: Sendable, CustomStringConvertible {
    /// The name under which it was configured (`target`, `repository`, ...).
    public let name: String
    /// The URL (its description masks the password).
    public let url: DatabaseURL
    /// The driver.
    public let driver: any DatabaseDriver
    let pool: ConnectionPool
    let logger: Logger

    /// Opens a pooled database; no connection is made until one is needed.
    public init(name: String, url: DatabaseURL, driver: any DatabaseDriver, poolSize: Int? = nil, logger: Logger = Logger(label: "sluice.sql")) throws {
        self.name = name
        self.url = url
        self.driver = driver
        self.logger = logger
        try driver.prepare(url)
        pool = ConnectionPool(size: poolSize ?? driver.defaultPoolSize) { [url, driver, logger, name] in
            try await ConnectionRetry.connect(name: name, url: url, logger: logger) {
                try await driver.connect(to: url, logger: logger)
            }
        }
    }

    public var description: String { "connection '\(name)' (\(url))" }

    /// Runs `body` on one pooled connection (not in a transaction).
    public func withConnection<R: Sendable>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
        let connection = try await pool.acquire()
        do {
            let result = try await body(connection.sql)
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw classify(error)
        }
    }

    /// Runs `body` in a transaction on one connection: committed when it returns, rolled back
    /// when it throws.
    public func transaction<R: Sendable>(isolation: IsolationLevel? = nil, _ body: (any SQLDatabase) async throws -> R) async throws -> R {
        let transaction = try await begin(isolation: isolation)
        do {
            let result = try await body(transaction.sql)
            try await transaction.commit()
            return result
        } catch {
            try? await transaction.rollback()
            throw classify(error)
        }
    }

    /// Begins a transaction on a leased connection; the lease ends with commit or rollback.
    public func begin(isolation: IsolationLevel? = nil) async throws -> SQLTransaction {
        let connection = try await pool.acquire()
        do {
            for statement in driver.beginStatements(isolation) {
                try await connection.sql.raw(SQLQueryString(statement)).run()
            }
        } catch {
            await pool.release(connection)
            throw classify(error)
        }
        return SQLTransaction(database: self, connection: connection)
    }

    /// Closes every pooled connection.
    public func close() async { await pool.close() }

    /// Wraps a driver error with its category, naming this connection (never its password).
    public func classify(_ error: any Error) -> any Error {
        // The engine's own errors pass through unchanged; only driver errors are wrapped.
        if error is CategorizedError || error is CancellationError || error is LaunchRefused
            || error is JobRepositoryError || error is JobParametersInvalid { return error }
        // Unclassified driver errors (a syntax error, a missing table) are mistakes, not I/O
        // trouble: their own category keeps `io` retry policies from retrying them.
        let category = driver.category(of: error) ?? "sql"
        var detail = ConnectionRetry.scrub(String(reflecting: error), url: url)
        if detail.count > 2000 { detail = String(detail.prefix(2000)) + "…" }
        return BatchError(category, "\(self): \(detail)")
    }
}
