import Logging
import Sluice
import Synchronization

/// The named databases of a job run: opened from URLs by the registered drivers, looked up by
/// name by components (`connection: target`), and closed together at shutdown.
public final class DatabaseProvider: Sendable {
    private let drivers: [any DatabaseDriver]
    private let logger: Logger
    private let connections = Mutex<[String: DatabaseConnection]>([:])

    /// Creates a provider that opens URLs with `drivers` (e.g. `SQLiteDriver()`, `PostgresDriver()`).
    public init(drivers: [any DatabaseDriver], logger: Logger = Logger(label: "sluice.sql")) {
        self.drivers = drivers
        self.logger = logger
    }

    /// The driver for a URL's scheme; the error says which schemes are available.
    public func driver(for url: DatabaseURL) throws -> any DatabaseDriver {
        guard let driver = drivers.first(where: { $0.schemes.contains(url.scheme) }) else {
            let known = drivers.flatMap(\.schemes).sorted().joined(separator: ", ")
            let hint = ["mysql", "mariadb"].contains(url.scheme)
                ? "; MySQL/MariaDB support is a package trait: build with `swift build --traits MySQL` (needs libmariadb-dev)" : ""
            throw BatchError(.validation, "no database driver for '\(url.scheme):' URLs (available: \(known)); \(url)\(hint)")
        }
        return driver
    }

    /// Opens (lazily) and registers the database `name` at `url`.
    @discardableResult
    public func register(_ name: String, url: String, poolSize: Int? = nil) throws -> DatabaseConnection {
        let parsed = try DatabaseURL(url)
        let connection = try DatabaseConnection(name: name, url: parsed, driver: try driver(for: parsed), poolSize: poolSize, logger: logger)
        connections.withLock { $0[name] = connection }
        return connection
    }

    /// The database registered as `name`.
    public func connection(named name: String) throws -> DatabaseConnection {
        guard let connection = connections.withLock({ $0[name] }) else {
            let known = connections.withLock { $0.keys.sorted() }.joined(separator: ", ")
            throw BatchError(.validation, "no connection named '\(name)' (configured: \(known.isEmpty ? "none" : known))")
        }
        return connection
    }

    /// Closes every registered database.
    public func closeAll() async {
        let all = connections.withLock { c in defer { c.removeAll() }; return Array(c.values) }
        for connection in all { await connection.close() }
    }
}
