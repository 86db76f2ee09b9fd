import Logging
import Sluice

/// A bounded pool of driver connections: reuses idle ones, opens new ones up to `size`, and
/// makes callers wait (in order) beyond that.
actor ConnectionPool {
    private let size: Int
    private let open: @Sendable () async throws -> any DriverConnection
    private var idle: [any DriverConnection] = []
    private var count = 0
    private var waiters: [CheckedContinuation<(any DriverConnection)?, any Error>] = []
    private var closed = false

    init(size: Int, open: @escaping @Sendable () async throws -> any DriverConnection) {
        self.size = max(1, size)
        self.open = open
    }

    func acquire() async throws -> any DriverConnection {
        guard !closed else { throw BatchError(.connection, "connection pool is closed") }
        while let connection = idle.popLast() {
            if !connection.isClosed { return connection }
            count -= 1
        }
        if count < size {
            count += 1
            do { return try await open() } catch {
                count -= 1
                throw error
            }
        }
        let handed = try await withCheckedThrowingContinuation { waiters.append($0) }
        if let handed { return handed }
        return try await acquire()
    }

    func release(_ connection: any DriverConnection) async {
        if closed || connection.isClosed {
            count -= 1
            if !connection.isClosed { await connection.close() }
            if !waiters.isEmpty { waiters.removeFirst().resume(returning: nil) }
            return
        }
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    func close() async {
        closed = true
        let all = idle
        idle = []
        count -= all.count
        for c in all { await c.close() }
        for w in waiters { w.resume(throwing: BatchError(.connection, "connection pool is closed")) }
        waiters = []
    }
}

/// Opens a connection with retries and backoff: a database that is starting up or briefly
/// unreachable should not fail a job. The final error names the connection, never the password.
enum ConnectionRetry {
    static func connect(name: String, url: DatabaseURL, logger: Logger, attempts: Int = 4,
                        _ open: () async throws -> any DriverConnection) async throws -> any DriverConnection {
        var delay = Duration.milliseconds(100)
        var last: (any Error)?
        for attempt in 1...attempts {
            do { return try await open() } catch {
                last = error
                guard attempt < attempts, Self.isWorthRetrying(error) else { break }
                logger.info("connecting failed; retrying", metadata: ["connection": "\(name)", "attempt": "\(attempt)"])
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
        let reason = last.map(Self.describe) ?? "unknown error"
        throw BatchError(.connection, "cannot connect to connection '\(name)' (\(url)): \(Self.scrub(reason, url: url))")
    }

    /// A driver error in one line. postgres-nio's `description` is deliberately generic, so the
    /// reflected form (which names the cause) is used; the password is scrubbed afterwards.
    static func describe(_ error: any Error) -> String {
        let text = error is any CategorizedError ? String(describing: error) : String(reflecting: error)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Authentication and configuration errors do not improve by waiting.
    static func isWorthRetrying(_ error: any Error) -> Bool {
        let text = describe(error).lowercased()
        return !(text.contains("password") || text.contains("authentication") || text.contains("does not exist")
            || text.contains("permission") || text.contains("unable to open"))
    }

    /// Removes the password from a driver's message, in case a driver echoes it.
    static func scrub(_ text: String, url: DatabaseURL) -> String {
        guard let password = url.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "******")
    }
}
