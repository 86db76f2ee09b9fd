import Logging
import SQLKit
import Sluice
import Synchronization

/// The `sql` writer: writes ``Sluice/Record``s into a table, in the chunk's transaction, exactly
/// once across crashes and restarts.
///
/// Modes: `insert` (multi-row INSERT statements; on PostgreSQL one `INSERT ... SELECT FROM
/// UNNEST(...)` per chunk with each column bound as one array), `upsert` (INSERT ... ON CONFLICT (key) DO
/// UPDATE, or ON DUPLICATE KEY UPDATE on MySQL) and `copy` (PostgreSQL `COPY FROM STDIN`, MySQL `LOAD DATA
/// LOCAL INFILE`). Record
/// fields map to columns by name, or through `columns` (field → column). Constraint violations are
/// `constraint` errors, so skip policies and scan mode isolate the bad rows.
///
/// **Exactly once.** The step's transaction manager must be this database's
/// (``SQLTransactionManager``); the writer refuses to write outside such a transaction. In the same
/// transaction as the rows it stores its position — the number of items it has been handed by
/// this step of this job instance — in `sluice_writer_progress`, unless the job repository shares
/// the target database (the checkpoint then commits with the rows, and is enough). When the job repository is in
/// another database, a crash can fall between the target's commit and the repository's
/// checkpoint; on restart the reader replays items the target already holds, and the writer,
/// comparing the checkpointed position with the stored one, drops exactly those. (This relies on
/// the reader and processor producing the same items in the same order, as restartable readers do.)
public final class SQLItemWriter: ItemWriter, ItemStream {
    /// How rows are written.
    public enum Mode: String, Sendable, CaseIterable {
        /// Multi-row INSERT statements.
        case insert
        /// INSERT that updates rows whose `key` columns already exist.
        case upsert
        /// PostgreSQL COPY FROM STDIN; MySQL LOAD DATA LOCAL INFILE.
        case copy
    }

    /// The target database.
    public let database: DatabaseConnection
    /// The target table.
    public let table: String
    /// The write mode.
    public let mode: Mode
    /// The conflict columns for `upsert`.
    public let key: [String]
    /// Field → column renames; fields not listed keep their names.
    public let columns: [(field: String, column: String)]
    private let progressKey: String
    /// Whether the step resumes an unfinished execution: only then is a stored position ours
    /// (instance ids start again in a new repository, and a completed step may run again).
    private let resuming: Bool
    private let state = Mutex(Progress())
    private let typeCache = Mutex<[[String]: [String]]>([:])

    struct Progress {
        /// Items handed to the writer up to the last checkpoint.
        var position = 0
        /// Items handed to the writer in the current transaction.
        var pending = 0
        var transaction: ObjectIdentifier?
        /// The position the target database holds (from an earlier, possibly unacknowledged, commit).
        var stored = 0
    }

    /// Creates the writer for one step execution; `context` keys its progress by job instance and step.
    public init(database: DatabaseConnection, table: String, mode: Mode = .insert, key: [String] = [],
                columns: [(field: String, column: String)] = [], context: StepContext) throws {
        if mode == .upsert && key.isEmpty {
            throw BatchError(.validation, "sql writer for table '\(table)': mode upsert needs 'key' (the conflict columns)")
        }
        if mode == .copy && !(database.driver is any BulkCopying) {
            throw BatchError(.validation, "sql writer for table '\(table)': mode copy is supported on PostgreSQL (COPY) and MySQL (LOAD DATA LOCAL INFILE) only, not on \(database)")
        }
        self.database = database
        self.table = table
        self.mode = mode
        self.key = key
        self.columns = columns
        progressKey = "\(context.jobName)/\(context.jobInstanceId)/\(context.stepName)/\(table)"
        resuming = context.isResuming
    }

    private var contextKey: String { "sql.writer.\(table).position" }

    public func open(_ context: ExecutionContext) async throws {
        let checkpoint = context.int(contextKey) ?? 0
        let stored = try await database.transaction { db -> Int? in
            try await WriterProgressTable.create(db, family: database.driver.family)
            guard resuming else {
                // A fresh start: a row under this key was left by another lineage; drop it.
                try await WriterProgressTable.remove(db, key: progressKey)
                return nil
            }
            return try await WriterProgressTable.position(db, key: progressKey)
        }
        state.withLock { $0 = Progress(position: checkpoint, stored: stored ?? 0) }
        if let stored, stored > checkpoint {
            database.logger.info("sql writer: the target already holds items beyond the checkpoint; they will be skipped",
                                 metadata: ["table": "\(table)", "checkpoint": "\(checkpoint)", "stored": "\(stored)"])
        }
    }

    public func update(_ context: inout ExecutionContext) async throws {
        let position = state.withLock { p in
            p.position += p.pending
            p.pending = 0
            p.transaction = nil
            return p.position
        }
        context[contextKey] = .int(position)
    }

    public func write(_ chunk: Chunk<Record>) async throws {
        guard let transaction = ActiveTransaction.current as? SQLTransaction, transaction.database === database else {
            throw BatchError(.validation, "sql writer for table '\(table)' must run in a transaction on \(database): "
                + "give the step SQLTransactionManager(\(database.name))")
        }
        let start = state.withLock { p -> Int in
            let id = ObjectIdentifier(transaction)
            if p.transaction != id {
                p.transaction = id
                p.pending = 0
            }
            return p.position + p.pending
        }
        defer { state.withLock { $0.pending += chunk.count } }
        let alreadyStored = state.withLock { $0.stored }
        let fresh = start >= alreadyStored ? chunk.items : chunk.items.enumerated().filter { start + $0.offset >= alreadyStored }.map(\.element)
        // What the read-ahead lane encoded applies when every item of the chunk is written.
        let prepared = fresh.count == chunk.count ? chunk.prepared as? PreparedRows : nil
        do {
            if !fresh.isEmpty { try await writeRows(fresh, prepared: prepared, in: transaction) }
            // When the checkpoint commits in this transaction it is the truth; the progress row
            // only matters when the repository is elsewhere.
            if !ActiveTransaction.carriesCheckpoint {
                try await WriterProgressTable.store(transaction.sql, family: database.driver.family, key: progressKey, position: start + chunk.count)
            }
        } catch {
            throw database.classify(error)
        }
    }

    private func writeRows(_ records: [Record], prepared: PreparedRows?, in transaction: SQLTransaction) async throws {
        // A prepared chunk carries its names: they were worked out from these same records.
        let names = prepared.map { (fields: $0.fields, columns: $0.columns) } ?? columnNames(for: records)
        var rows: [[RecordValue]] { Self.rows(records, fields: names.fields) }
        let statements = SQLStatements(transaction)
        switch mode {
        case .insert where database.driver.family == .postgres:
            let target = try SQLTableName(table)
            let types = try await columnTypes(names.columns, of: target, statements)
            _ = try await statements.insertUnnest(into: target, columns: names.columns, types: types, rows: rows)
        case .insert where database.driver is any BulkInserting:
            guard let inserter = database.driver as? any BulkInserting else { return }
            let columns = try names.columns.map { try SQLName($0, kind: "column") }
            try await inserter.insert(into: try SQLTableName(table), columns: columns, rows: rows, on: transaction.driverConnection)
        case .insert: _ = try await statements.insert(into: table, columns: names.columns, rows: rows)
        case .upsert: _ = try await statements.upsert(into: table, columns: names.columns, rows: rows, conflict: key)
        case .copy:
            guard let copier = database.driver as? any BulkCopying else { return }
            // PostgreSQL copies in binary format when it knows the column types.
            let types = database.driver.family == .postgres
                ? try await columnTypes(names.columns, of: try SQLTableName(table), statements) : nil
            let payload = prepared.flatMap { $0.columns == names.columns && $0.types == types ? $0.payload : nil }
            // A prepared payload holds the rows already: skip building them again.
            try await copier.copy(into: table, columns: names.columns, types: types, rows: payload == nil ? rows : [], prepared: payload,
                                  on: transaction.driverConnection, logger: database.logger)
        }
    }

    /// The PostgreSQL column types, looked up once per column list.
    private func columnTypes(_ columns: [String], of table: SQLTableName, _ statements: SQLStatements) async throws -> [String] {
        if let cached = typeCache.withLock({ $0[columns] }) { return cached }
        let types = try await statements.postgresColumnTypes(of: table, columns: columns)
        typeCache.withLock { $0[columns] = types }
        return types
    }

    /// Each record's values in the order of `fields`; records of that shape (the usual case)
    /// hand over their values as they are.
    private static func rows(_ records: [Record], fields: [String]) -> [[RecordValue]] {
        records.map { record in
            record.names == fields ? record.values : fields.map { record[$0] ?? .null }
        }
    }

    /// The fields written and their columns: the fields of the first record in order, renamed
    /// through `columns`; records missing a field write NULL.
    private func columnNames(for records: [Record]) -> (fields: [String], columns: [String]) {
        // Records of one reader share their names array, so comparing with the last shape seen
        // is mostly an identity check.
        var fields = records.first?.names ?? []
        var shape = fields
        for record in records.dropFirst() where record.names != shape {
            shape = record.names
            for name in shape where !fields.contains(name) { fields.append(name) }
        }
        let renames = Dictionary(columns.map { ($0.field, $0.column) }, uniquingKeysWith: { _, last in last })
        return (fields, fields.map { renames[$0] ?? $0 })
    }
}

extension SQLItemWriter: PreparingItemWriter {
    /// In `copy` mode, encodes the chunk for the bulk load ahead of its transaction (PostgreSQL:
    /// binary COPY once the column types are known from the first chunk); nil otherwise.
    public func prepare(_ items: [Record]) async -> (any Sendable)? {
        guard mode == .copy, let copier = database.driver as? any BulkCopying, !items.isEmpty else { return nil }
        let names = columnNames(for: items)
        var types: [String]?
        if database.driver.family == .postgres {
            guard let known = typeCache.withLock({ $0[names.columns] }) else { return nil }
            types = known
        }
        guard let payload = copier.prepareCopy(columns: names.columns, types: types, rows: Self.rows(items, fields: names.fields)) else {
            return nil
        }
        return PreparedRows(fields: names.fields, columns: names.columns, types: types, payload: payload)
    }
}

/// A chunk encoded by ``SQLItemWriter/prepare(_:)``, with what it was encoded for.
struct PreparedRows: Sendable {
    let fields: [String]
    let columns: [String]
    let types: [String]?
    let payload: any Sendable
}

/// The writer's progress table in the target database: one row per (job, instance, step, table).
enum WriterProgressTable {
    static func create(_ db: any SQLDatabase, family: SQLFamily) async throws {
        try await db.raw("""
            CREATE TABLE IF NOT EXISTS sluice_writer_progress (writer_key VARCHAR(400) NOT NULL PRIMARY KEY,
            position BIGINT NOT NULL)
            """ + SQLQueryString(family.tableOptions)).run()
    }

    static func position(_ db: any SQLDatabase, key: String) async throws -> Int? {
        try await db.raw("SELECT position FROM sluice_writer_progress WHERE writer_key = \(bind: key)").first()?
            .decode(column: "position", as: Int.self)
    }

    static func remove(_ db: any SQLDatabase, key: String) async throws {
        try await db.raw("DELETE FROM sluice_writer_progress WHERE writer_key = \(bind: key)").run()
    }

    static func store(_ db: any SQLDatabase, family: SQLFamily, key: String, position: Int) async throws {
        switch family {
        case .sqlite, .postgres:
            try await db.raw("""
                INSERT INTO sluice_writer_progress (writer_key, position) VALUES (\(bind: key), \(bind: position))
                ON CONFLICT (writer_key) DO UPDATE SET position = excluded.position
                """).run()
        case .mysql:
            try await db.raw("""
                INSERT INTO sluice_writer_progress (writer_key, position) VALUES (\(bind: key), \(bind: position))
                ON DUPLICATE KEY UPDATE position = VALUES(position)
                """).run()
        }
    }
}
