import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import Sluice
import SluiceSQL

/// PostgreSQL through postgres-nio: `postgres://USER:PASS@HOST:PORT/DB?sslmode=disable|prefer|require`;
/// `search_path=SCHEMA` sets the schema every connection of the pool works in.
///
/// Errors are classified by SQLSTATE: class 23 (integrity constraints) → `constraint`,
/// 40001 / 40P01 (serialization failure, deadlock) → `transient`, 57014 (statement timeout) →
/// `timeout`, classes 08 and 28 and lost connections → `connection`.
public struct PostgresDriver: DatabaseDriver {
    /// Creates the driver.
    public init() {}

    public var schemes: [String] { ["postgres", "postgresql"] }
    public var family: SQLFamily { .postgres }
    public var maxBindParameters: Int { 65_535 }

    public func connect(to url: DatabaseURL, logger: Logger) async throws -> any DriverConnection {
        let tls: PostgresConnection.Configuration.TLS
        switch url.options["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(try NIOSSLContext(configuration: .clientDefault))
        case "require", "verify-ca", "verify-full": tls = .require(try NIOSSLContext(configuration: .clientDefault))
        case let other: throw BatchError(.validation, "unsupported sslmode '\(other)' in \(url)")
        }
        let configuration = PostgresConnection.Configuration(
            host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: url.user ?? "postgres",
            password: url.password, database: url.database.isEmpty ? nil : url.database, tls: tls)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: Self.nextID(), logger: logger)
        let sql = connection.sql(queryLogLevel: .trace)
        if let schema = url.options["search_path"] {
            do { try await sql.raw("SET search_path TO \(ident: schema)").run() } catch {
                try? await connection.close()
                throw error
            }
        }
        return PostgresDriverConnection(connection: connection, sql: sql)
    }

    public func beginStatement(_ isolation: IsolationLevel?) -> String {
        isolation.map { "BEGIN ISOLATION LEVEL \($0.rawValue)" } ?? "BEGIN"
    }

    public func category(of error: any Error) -> ErrorCategory? {
        guard let error = error as? PSQLError else { return nil }
        if let state = error.serverInfo?[.sqlState] {
            if state.hasPrefix("23") { return .constraint }
            if state == "40001" || state == "40P01" { return .transient }
            if state == "57014" { return .timeout }
            if state.hasPrefix("08") || state.hasPrefix("28") || state.hasPrefix("57P") { return .connection }
            if state.hasPrefix("22") { return .validation }
            return nil
        }
        switch error.code {
        case .serverClosedConnection, .connectionError, .uncleanShutdown: return .connection
        default: return nil
        }
    }

    private static let ids = Mutex(0)
    static func nextID() -> Int { ids.withLock { $0 += 1; return $0 } }
}

struct PostgresDriverConnection: DriverConnection {
    let connection: PostgresConnection
    let sql: any SQLDatabase

    var isClosed: Bool { connection.isClosed }

    func close() async { try? await connection.close() }
}

import Synchronization
