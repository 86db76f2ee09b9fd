#if MySQL
import Sluice

/// An error reported by the MySQL/MariaDB server or by MariaDB Connector/C: the numeric error
/// code (`1062`, `2013`...), the SQLSTATE and the message. Messages never hold the password.
public struct MySQLError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The MySQL error number (server errors 1000–4999, client errors 2000–2999).
    public let code: UInt32
    /// The five-character SQLSTATE (`23000`, `HY000`...).
    public let sqlState: String
    /// The server's or client library's message.
    public let message: String

    /// Creates an error.
    public init(code: UInt32, sqlState: String, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String { "MySQL error \(code) (\(sqlState)): \(message)" }
    public var debugDescription: String { description }

    /// Whether the error means the connection is gone (server gone away, lost connection).
    var isConnectionLost: Bool { [2006, 2013, 2055].contains(code) }
}

/// The category of a MySQL error code, as ``MySQLDriver/category(of:)`` reports it.
enum MySQLErrorCategory {
    static func category(of code: UInt32) -> ErrorCategory? {
        switch code {
        // Duplicate key, foreign key (parent/child), NOT NULL, no default, CHECK constraints.
        case 1062, 1451, 1452, 1216, 1217, 1048, 1364, 1557, 1586, 3819, 4025: return .constraint
        // Deadlock, lock wait timeout: retrying the transaction may succeed.
        case 1213, 1205: return .transient
        // Statement timeouts (MySQL max_execution_time, MariaDB max_statement_time).
        case 3024, 1969: return .timeout
        // Lost or refused connections, too many connections, authentication and access.
        case 2002, 2003, 2005, 2006, 2013, 2026, 2055, 1040, 1042, 1043, 1044, 1045, 1129, 1130, 1152, 1153, 1158, 1159, 1160, 1161:
            return .connection
        // Bad values: too long, out of range, incorrect value, division by zero in strict mode.
        case 1264, 1265, 1292, 1366, 1406, 1365, 1411: return .validation
        default: return nil
        }
    }
}
#endif
