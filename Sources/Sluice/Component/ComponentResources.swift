/// Resources shared by the components of one job run — above all the named connections of the
/// job file — created on first use and closed once when the run ends.
///
/// Adapters keep their pools here under a key of their own (`sql.connection.NAME`), so every
/// step that names a connection shares one pool.
public actor ComponentResources {
    /// The named connections declared by the job file or the configuration: name → URL (with
    /// `${env:}`/`${file:}` already resolved, so it may hold a password: never print it).
    public let connections: [String: NamedConnection]
    private var shared: [String: Task<any Sendable, any Error>] = [:]
    private var closers: [@Sendable () async -> Void] = []
    private var isShutDown = false

    /// Creates the resources of a run.
    public init(connections: [String: NamedConnection] = [:]) {
        self.connections = connections
    }

    /// The connection named `name`, or a `validation` error listing the known names.
    public nonisolated func connection(named name: String) throws -> NamedConnection {
        guard let connection = connections[name] else {
            let known = connections.keys.sorted()
            let list = known.isEmpty ? "none are defined" : "defined: " + known.joined(separator: ", ")
            throw BatchError(.validation, "unknown connection '\(name)'\(NameSuggestion.hint(for: name, in: known)); \(list)")
        }
        return connection
    }

    /// The resource stored under `key`, created by `create` on first use (concurrent callers
    /// share one creation); `close` runs at ``shutdown()``.
    public func shared<T: Sendable>(
        _ key: String, create: @escaping @Sendable () async throws -> T, close: (@Sendable (T) async -> Void)? = nil
    ) async throws -> T {
        if let task = shared[key] {
            guard let value = try await task.value as? T else {
                throw BatchError(.validation, "resource '\(key)' holds another type than \(T.self)")
            }
            return value
        }
        guard !isShutDown else { throw BatchError(.io, "resource '\(key)' requested after the job's resources were closed") }
        let task = Task<any Sendable, any Error> {
            let value = try await create()
            if let close { self.addCloser { await close(value) } }
            return value
        }
        shared[key] = task
        do {
            guard let value = try await task.value as? T else { throw BatchError(.validation, "resource '\(key)' has the wrong type") }
            return value
        } catch {
            shared[key] = nil
            throw error
        }
    }

    private func addCloser(_ closer: @escaping @Sendable () async -> Void) { closers.append(closer) }

    /// Closes every resource, in reverse order of creation.
    public func shutdown() async {
        isShutDown = true
        for task in shared.values { _ = try? await task.value }
        let toClose = closers.reversed()
        closers = []
        for close in toClose { await close() }
    }
}

/// A connection declared by name in a job file or configuration.
public struct NamedConnection: Sendable, Hashable {
    /// The name steps refer to.
    public var name: String
    /// The URL, secrets resolved: never print it (use ``redactedURL``).
    public var url: String
    /// The URL with any password replaced by `******`.
    public var redactedURL: String
    /// Where it was declared.
    public var location: SourceLocation?

    /// Creates a connection definition.
    public init(name: String, url: String, redactedURL: String, location: SourceLocation? = nil) {
        self.name = name
        self.url = url
        self.redactedURL = redactedURL
        self.location = location
    }
}
