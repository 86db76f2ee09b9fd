import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO
import NIOPosix
import Sluice
import SluiceSQL

/// SQLite through sqlite-nio: `sqlite:PATH` (relative to the working directory; the directory is
/// created), or `sqlite::memory:` for a private in-memory database.
///
/// Connections use WAL journaling and a 30 s busy timeout, so several processes can share a
/// repository file; write transactions begin with `BEGIN IMMEDIATE`, which takes the database's
/// write lock up front (SQLite transactions are always serializable).
public struct SQLiteDriver: DatabaseDriver {
    /// Creates the driver.
    public init() {}

    public var schemes: [String] { ["sqlite"] }
    public var family: SQLFamily { .sqlite }
    public var maxBindParameters: Int { 32_766 }
    public var defaultPoolSize: Int { 4 }

    public func prepare(_ url: DatabaseURL) throws {
        guard !Self.isMemory(url) else { return }
        let directory = URL(fileURLWithPath: url.database).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw BatchError(.io, "cannot create the directory of SQLite database \(url.database): \(error.localizedDescription)")
        }
    }

    public func connect(to url: DatabaseURL, logger: Logger) async throws -> any DriverConnection {
        let storage: SQLiteConnection.Storage = Self.isMemory(url) ? .memory : .file(path: url.database)
        // Each connection gets its own thread: a statement waiting for another connection's write
        // lock (busy timeout) blocks only that thread, never the one the lock holder needs.
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, threadPool: thread, logger: logger,
                                                         on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
        let sql = connection.sql(queryLogLevel: .trace)
        do {
            // The busy timeout first: switching to WAL takes a lock another process may hold.
            try await sql.raw("PRAGMA busy_timeout = 30000").run()
            if !Self.isMemory(url) { try await sql.raw("PRAGMA journal_mode = WAL").run() }
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
        } catch {
            await Self.close(connection, thread)
            throw error
        }
        return SQLiteDriverConnection(connection: connection, sql: sql, thread: thread)
    }

    public func beginStatement(_ isolation: IsolationLevel?) -> String { "BEGIN IMMEDIATE" }

    public func category(of error: any Error) -> ErrorCategory? {
        guard let error = error as? SQLiteError else { return nil }
        let reason = String(describing: error.reason)
        if reason.hasPrefix("constraint") { return .constraint }
        if reason.hasPrefix("busy") || reason.hasPrefix("locked") { return .transient }
        if reason.hasPrefix("cantOpen") { return .connection }
        if reason.hasPrefix("ioError") || reason == "full" || reason == "readOnly" { return .io }
        if reason == "mismatch" || reason == "range" || reason == "tooBig" { return .validation }
        return nil
    }

    static func isMemory(_ url: DatabaseURL) -> Bool { url.database == ":memory:" || url.database.isEmpty }

    /// Closes a connection and its thread even when the calling task is cancelled (a cancelled
    /// task's thread-pool work never runs, and sqlite-nio traps on a connection left open).
    static func close(_ connection: SQLiteConnection, _ thread: NIOThreadPool) async {
        await Task {
            try? await connection.close()
            try? await thread.shutdownGracefully()
        }.value
    }
}

struct SQLiteDriverConnection: DriverConnection {
    let connection: SQLiteConnection
    let sql: any SQLDatabase
    let thread: NIOThreadPool

    var isClosed: Bool { connection.isClosed }

    func close() async {
        await SQLiteDriver.close(connection, thread)
    }
}
