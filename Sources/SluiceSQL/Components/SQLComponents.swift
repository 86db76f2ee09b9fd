import Logging
import Sluice

/// Registers the `sql` reader, writer and tasklet for job files.
///
/// Each names a connection of the job file (`connection: target`); the connection's pool is
/// opened on first use, shared by every step of the run and closed when the run ends. A
/// connection whose URL is the job repository's own database reuses the repository's pool, so
/// a chunk's rows and its checkpoint commit in one transaction.
public struct SQLComponents: Sendable {
    /// The drivers that open connection URLs (e.g. `SQLiteDriver()`, `PostgresDriver()`).
    public var drivers: [any DatabaseDriver]
    /// Databases already open, by URL (the repository's), reused instead of opening a second pool.
    public var openDatabases: [String: DatabaseConnection]

    /// Creates the component set.
    public init(drivers: [any DatabaseDriver], openDatabases: [String: DatabaseConnection] = [:]) {
        self.drivers = drivers
        self.openDatabases = openDatabases
    }

    /// Adds `sql` to the readers, writers and tasklets of `registry`.
    public func register(in registry: inout ComponentRegistry) {
        let open = self
        registry.registerReader("sql", properties: SQLReaderProperties.self) { props, context in
            let database = try await open.database(props.connection, context)
            return try SQLItemReader(database, query: props.query, params: props.params?.map(\.value) ?? [], key: props.key ?? [],
                                     fetchSize: props.fetchSize ?? 1000, name: props.name ?? "sql.reader")
        }
        registry.registerWriter("sql", properties: SQLWriterProperties.self, transactionManager: { props, context in
            SQLTransactionManager(try await open.database(props.connection, context))
        }) { props, context in
            guard let step = context.step else { throw BatchError(.validation, "the sql writer needs a step") }
            return try SQLItemWriter(database: try await open.database(props.connection, context), table: props.table,
                                     mode: props.mode ?? .insert, key: props.key ?? [],
                                     columns: props.columns?.pairs ?? [], context: step)
        }
        registry.registerTasklet("sql", properties: SQLTaskletProperties.self, check: { props, node in
            if (props.statements == nil) == (props.file == nil) {
                throw PropertyProblems([PropertyProblem("the sql tasklet needs exactly one of 'statements' or 'file'", at: node.location)])
            }
        }, transactionManager: { props, context in
            SQLTransactionManager(try await open.database(props.connection, context))
        }) { props, context in
            let database = try await open.database(props.connection, context)
            if let file = props.file { return SQLTasklet(database, file: context.resolvePath(file)) }
            return SQLTasklet(database, statements: props.statements ?? [])
        }
    }

    /// The pooled database of the connection `name`, opened once per run.
    func database(_ name: String, _ context: ComponentContext) async throws -> DatabaseConnection {
        let connection = try context.resources.connection(named: name)
        if let existing = openDatabases[connection.url] { return existing }
        let drivers = self.drivers
        let logger = context.logger
        let provider = try await context.resources.shared("sql.provider", create: {
            DatabaseProvider(drivers: drivers, logger: logger)
        }, close: { await $0.closeAll() })
        return try await context.resources.shared("sql.connection.\(name)", create: {
            try provider.register(name, url: connection.url)
        })
    }
}

/// Properties of the `sql` reader.
public struct SQLReaderProperties: Decodable, Sendable {
    /// The connection name.
    public var connection: String
    /// The query; `?` marks parameters.
    public var query: String
    /// Values for the `?` placeholders, in order.
    public var params: [SQLParameterValue]?
    /// Rows per page query.
    public var fetchSize: Int?
    /// Key columns: keyset paging and restart by key (recommended); otherwise by offset.
    public var key: [String]?
    /// The prefix of the restart state.
    public var name: String?
}

/// Properties of the `sql` writer.
public struct SQLWriterProperties: Decodable, Sendable {
    /// The connection name.
    public var connection: String
    /// The target table (`schema.table` allowed).
    public var table: String
    /// insert, upsert or copy.
    public var mode: SQLItemWriter.Mode?
    /// The conflict columns of an upsert.
    public var key: [String]?
    /// Field → column mapping (fields not listed keep their names).
    public var columns: SQLColumnMapping?
}

/// Properties of the `sql` tasklet.
public struct SQLTaskletProperties: Decodable, Sendable {
    /// The connection name.
    public var connection: String
    /// Statements run in one transaction.
    public var statements: [String]?
    /// A `.sql` file run in one transaction (relative to the job file).
    public var file: String?
}

/// A query parameter as written in a job file: numbers and booleans keep their type.
public struct SQLParameterValue: Decodable, Sendable {
    /// The value bound.
    public var value: RecordValue

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let node = try? container.decode(PropertyNode.self), case .scalar(let text, let quoted) = node.content, !quoted {
            if let i = Int(text) { value = .int(i) } else if let d = Double(text) { value = .double(d) } else if text == "true" || text == "false" {
                value = .bool(text == "true")
            } else {
                value = .string(text)
            }
        } else {
            value = .string(try container.decode(String.self))
        }
    }
}

/// An ordered field → column mapping.
public struct SQLColumnMapping: Decodable, Sendable {
    /// The pairs, in the order written.
    public var pairs: [(field: String, column: String)]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        pairs = try container.allKeys.map { ($0.stringValue, try container.decode(String.self, forKey: $0)) }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension SQLItemWriter.Mode: Decodable {}
