#if MySQL
import Logging
import SQLKit
import Sluice
import SluiceSQL

/// MySQL 8 and MariaDB 10.5+ through MariaDB Connector/C: `mysql://USER:PASS@HOST:PORT/DB`
/// (also `mariadb://`). Options: `socket=PATH` (a Unix socket instead of TCP), `ssl=require`.
///
/// Each connection runs in utf8mb4, with the session time zone UTC (timestamps are read and
/// written as UTC) and strict SQL mode (bad values are errors, not warnings). Statements are
/// prepared and their values bound; blocking C calls run on each connection's own thread.
///
/// Errors are classified by MySQL error number: duplicate key (1062), foreign keys (1451, 1452),
/// NOT NULL (1048) and CHECK violations → `constraint`; deadlock (1213) and lock wait timeout
/// (1205) → `transient`; statement timeouts → `timeout`; lost connections (2006, 2013), refused
/// connections and access denied (1045) → `connection`; bad values (1264, 1292, 1366, 1406) →
/// `validation`.
public struct MySQLDriver: DatabaseDriver {
    /// Creates the driver.
    public init() {}

    public var schemes: [String] { ["mysql", "mariadb"] }
    public var family: SQLFamily { .mysql }
    /// The binary protocol counts parameters in 16 bits.
    public var maxBindParameters: Int { 65_535 }

    public func connect(to url: DatabaseURL, logger: Logger) async throws -> any DriverConnection {
        let options = try Self.options(url)
        let handle = try await MySQLConnectionHandle.connect(options)
        return MySQLDriverConnection(handle: handle, sql: MySQLDatabase(handle: handle, logger: logger, queryLogLevel: .trace))
    }

    /// Checks the URL's options when the database is configured, before any connection.
    public func prepare(_ url: DatabaseURL) throws { _ = try Self.options(url) }

    /// The connection settings of `url`.
    static func options(_ url: DatabaseURL) throws -> MySQLConnectOptions {
        var options = MySQLConnectOptions(host: url.host ?? "127.0.0.1", port: url.port ?? 3306, user: url.user,
                                          password: url.password, database: url.database.isEmpty ? nil : url.database)
        for (key, value) in url.options {
            switch key {
            case "socket": options.socket = value
            case "ssl", "sslmode":
                switch value {
                case "require", "required", "true": options.requireTLS = true
                case "disable", "disabled", "prefer", "preferred", "false": options.requireTLS = false
                default: throw BatchError(.validation, "unsupported \(key) '\(value)' in \(url) (use require or disable)")
                }
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw BatchError(.validation, "connect_timeout in \(url) must be a positive number of seconds") }
                options.connectTimeout = seconds
            default: throw BatchError(.validation, "unknown option '\(key)' in \(url) (known: socket, ssl, connect_timeout)")
            }
        }
        options.sessionStatements = [
            "SET time_zone = '+00:00'",
            "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES')",
        ]
        return options
    }

    public func beginStatement(_ isolation: IsolationLevel?) -> String { "START TRANSACTION" }

    /// MySQL sets the isolation level of the next transaction with a statement of its own.
    public func beginStatements(_ isolation: IsolationLevel?) -> [String] {
        guard let isolation else { return ["START TRANSACTION"] }
        return ["SET TRANSACTION ISOLATION LEVEL \(isolation.rawValue)", "START TRANSACTION"]
    }

    public func category(of error: any Error) -> ErrorCategory? {
        guard let error = error as? MySQLError else { return nil }
        return MySQLErrorCategory.category(of: error.code)
    }

    public func quoted(identifier name: String) -> String { "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }
}

struct MySQLDriverConnection: DriverConnection {
    let handle: MySQLConnectionHandle
    let sql: any SQLDatabase

    var isClosed: Bool { handle.isClosed }

    func close() async { await handle.close() }
}
#endif
