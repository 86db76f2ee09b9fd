import SQLKit
import Sluice

/// The multi-row statements of SQL readers and writers — bulk insert, upsert, keyset paging —
/// built once for SQLite, PostgreSQL and MySQL.
///
/// Every value is a bound parameter and every name a validated, quoted ``SQLName``, so neither
/// data nor user-supplied names can change a statement's meaning. Bulk statements are split so
/// that none exceeds the driver's bind-parameter limit or ``maxRowsPerStatement`` rows.
///
/// The statements run on ``database`` as given: on a transaction's connection they commit with
/// it (`SQLStatements(transaction)`, ``DatabaseConnection/withStatements(isolation:_:)``); on a
/// plain connection each split statement commits on its own.
public struct SQLStatements: Sendable {
    /// Where the statements run: usually a transaction's connection.
    public let database: any SQLDatabase
    /// The SQL family, for the clauses SQLKit's dialect does not cover (upsert).
    public let family: SQLFamily
    /// The most bind parameters one statement may carry.
    public let maxBindParameters: Int
    /// The database whose driver classifies errors (and whose password is kept out of messages),
    /// when known.
    public let connection: DatabaseConnection?

    /// The most rows one multi-row statement carries, whatever the bind limit: larger statements
    /// gain nothing and cost parse time and memory.
    public static let maxRowsPerStatement = 1000

    /// Statements on any SQLKit database; `connection` (optional) classifies errors.
    public init(_ database: any SQLDatabase, family: SQLFamily, maxBindParameters: Int, connection: DatabaseConnection? = nil) {
        self.database = database
        self.family = family
        self.maxBindParameters = max(1, maxBindParameters)
        self.connection = connection
    }

    /// Statements on `database`, a connection (or transaction) of `connection`, with its driver's
    /// family, bind limit and error classification.
    public init(_ database: any SQLDatabase, on connection: DatabaseConnection) {
        self.init(database, family: connection.driver.family, maxBindParameters: connection.driver.maxBindParameters,
                  connection: connection)
    }

    /// Statements in `transaction`: they commit or roll back with it.
    public init(_ transaction: SQLTransaction) {
        self.init(transaction.sql, on: transaction.database)
    }

    /// How many rows of `columns` values one statement carries: bounded by the bind limit and by
    /// ``maxRowsPerStatement``.
    public func rowsPerStatement(columns: Int) -> Int {
        max(1, min(Self.maxRowsPerStatement, maxBindParameters / max(1, columns)))
    }

    // MARK: Insert

    /// Inserts `rows` (values in the order of `columns`) into `table` with multi-row
    /// `INSERT ... VALUES (...), (...)` statements; returns the number of rows inserted.
    ///
    /// Names and rows are checked before any statement runs (and, on PostgreSQL, text for NUL
    /// characters, which it cannot store), so invalid input writes nothing.
    @discardableResult
    public func insert(into table: SQLTableName, columns: [String], rows: [[RecordValue]]) async throws -> Int {
        let names = try validated(columns: columns, rows: rows)
        guard !rows.isEmpty else { return 0 }
        let prefix: SQLQueryString = "INSERT INTO \(table) (\(SQLList(names.map { $0 as any SQLExpression }))) VALUES "
        try await runChunks(rows, columns: names, verb: "inserting", table: table) { chunk in
            prefix + values(chunk)
        }
        return rows.count
    }

    /// Inserts into the unqualified table `table` (see the `SQLTableName` variant).
    @discardableResult
    public func insert(into table: String, columns: [String], rows: [[RecordValue]]) async throws -> Int {
        try await insert(into: SQLTableName(table), columns: columns, rows: rows)
    }

    // MARK: Upsert

    /// Inserts `rows`, updating the existing row instead when one with the same `keys` exists;
    /// returns the number of rows written (inserted or updated).
    ///
    /// SQLite and PostgreSQL: `INSERT ... ON CONFLICT (keys) DO UPDATE SET c = EXCLUDED.c` for the
    /// non-key columns, `DO NOTHING` when every column is a key (`keys` must match a primary key
    /// or unique constraint). MySQL: `ON DUPLICATE KEY UPDATE c = VALUES(c)`, which applies to any
    /// unique key of the table. Rows apply in order: a key repeated in `rows` ends up with its
    /// last row's values (such rows go to separate statements, which PostgreSQL requires).
    @discardableResult
    public func upsert(into table: SQLTableName, columns: [String], rows: [[RecordValue]], conflict keys: [String]) async throws -> Int {
        let names = try validated(columns: columns, rows: rows)
        guard !keys.isEmpty else { throw BatchError(.validation, "an upsert into \(table) needs at least one conflict key column") }
        var keyIndexes: [Int] = []
        for key in keys {
            guard let i = columns.firstIndex(of: key) else {
                throw BatchError(.validation, "conflict key \(SQLIdentifiers.visible(key)) of the upsert into \(table) is not one of its columns")
            }
            guard !keyIndexes.contains(i) else {
                throw BatchError(.validation, "conflict key \(SQLIdentifiers.visible(key)) is listed twice in the upsert into \(table)")
            }
            keyIndexes.append(i)
        }
        guard !rows.isEmpty else { return 0 }
        let keyNames = keyIndexes.map { names[$0] }
        let updated = names.indices.filter { !keyIndexes.contains($0) }.map { names[$0] }
        let conflictClause: SQLQueryString
        switch family {
        case .sqlite, .postgres:
            if updated.isEmpty {
                conflictClause = " ON CONFLICT (\(SQLList(keyNames.map { $0 as any SQLExpression }))) DO NOTHING"
            } else {
                let sets = updated.map { "\($0) = EXCLUDED.\($0)" as SQLQueryString }.joined(separator: ", ")
                conflictClause = " ON CONFLICT (\(SQLList(keyNames.map { $0 as any SQLExpression }))) DO UPDATE SET " + sets
            }
        case .mysql:
            // Assigning a key column to itself is MySQL's no-op update ("do nothing").
            let sets = updated.isEmpty
                ? "\(keyNames[0]) = \(keyNames[0])" as SQLQueryString
                : updated.map { "\($0) = VALUES(\($0))" as SQLQueryString }.joined(separator: ", ")
            conflictClause = " ON DUPLICATE KEY UPDATE " + sets
        }
        let prefix: SQLQueryString = "INSERT INTO \(table) (\(SQLList(names.map { $0 as any SQLExpression }))) VALUES "
        try await runChunks(rows, columns: names, verb: "upserting", table: table, distinctKeys: keyIndexes) { chunk in
            prefix + values(chunk) + conflictClause
        }
        return rows.count
    }

    /// Upserts into the unqualified table `table` (see the `SQLTableName` variant).
    @discardableResult
    public func upsert(into table: String, columns: [String], rows: [[RecordValue]], conflict keys: [String]) async throws -> Int {
        try await upsert(into: SQLTableName(table), columns: columns, rows: rows, conflict: keys)
    }

    // MARK: Keyset paging

    /// One page of `query`'s rows in the order of `keys`, those after the key values `after`
    /// (nil: the first page): `SELECT * FROM (query) AS sluice_page WHERE (k1, k2) > (?, ?)
    /// ORDER BY k1, k2 LIMIT limit`.
    ///
    /// Unlike `OFFSET`, each page costs the same however deep it is, and rows are neither skipped
    /// nor repeated when earlier rows change. `keys` must be columns of `query` whose values are
    /// unique together and never NULL; pass the last row's key values as the next `after`. A page
    /// shorter than `limit` is the last.
    public func keysetPage(query: SQLQueryString, keys: [String], after: [RecordValue]?, limit: Int) async throws -> [any SQLRow] {
        guard !keys.isEmpty else { throw BatchError(.validation, "keyset paging needs at least one key column") }
        guard limit > 0 else { throw BatchError(.validation, "keyset page size must be positive, not \(limit)") }
        let keyNames = try keys.map { try SQLName($0, kind: "key column") }
        guard Set(keys).count == keys.count else { throw BatchError(.validation, "keyset paging lists a key column twice: \(keys)") }
        // Qualified references: SQLite reads an unknown double-quoted name as a string literal,
        // which would page silently wrong; `sluice_page."k"` makes a misspelt key an error.
        let alias = SQLIdentifier("sluice_page")
        let columns = keyNames.map { "\(alias).\($0)" as SQLQueryString }
        var select: SQLQueryString = "SELECT * FROM (" + query + ") AS \(alias)"
        if let after {
            guard after.count == keys.count else {
                throw BatchError(.validation, "keyset paging has \(keys.count) key columns but \(after.count) values to continue after")
            }
            if let i = after.firstIndex(where: \.isNull) {
                throw BatchError(.validation, "keyset paging cannot continue after a NULL value of key column \(keyNames[i])")
            }
            if keys.count == 1 {
                select += " WHERE " + columns[0] + " > \(bind: after[0])"
            } else {
                select += " WHERE (" + columns.joined(separator: ", ") + ") > (\(binds: after.map { $0 as any Encodable & Sendable }))"
            }
        }
        select += " ORDER BY " + columns.joined(separator: ", ") + " LIMIT \(literal: limit)"
        do {
            return try await database.raw(select).all()
        } catch {
            throw SQLFailure.wrap(error, connection: connection, action: "reading a keyset page ordered by \(keyNames.map(\.description).joined(separator: ", "))")
        }
    }

    /// One page of the `SELECT` text `rawQuery`, taken as SQL verbatim (a trailing `;` is
    /// ignored): for queries from configuration. See `keysetPage(query:keys:after:limit:)`.
    ///
    /// Deliberately not an overload of `query:`: a Swift string literal with interpolations would
    /// then silently become raw text instead of an ``SQLQueryString`` with bound values.
    public func keysetPage(rawQuery: String, keys: [String], after: [RecordValue]?, limit: Int) async throws -> [any SQLRow] {
        var text = Substring(rawQuery)
        while let last = text.last, last == ";" || last.isWhitespace { text = text.dropLast() }
        return try await keysetPage(query: SQLQueryString(String(text)), keys: keys, after: after, limit: limit)
    }

    // MARK: Helpers

    /// Checks the column names and the shape of the rows; on PostgreSQL also rejects text with NUL
    /// characters (which it cannot store), naming the row and column, before anything is written.
    private func validated(columns: [String], rows: [[RecordValue]]) throws -> [SQLName] {
        guard !columns.isEmpty else { throw BatchError(.validation, "a statement needs at least one column") }
        let names = try columns.map { try SQLName($0, kind: "column") }
        if let duplicate = columns.enumerated().first(where: { columns[..<$0.offset].contains($0.element) }) {
            throw BatchError(.validation, "column \(SQLIdentifiers.visible(duplicate.element)) is listed twice")
        }
        guard columns.count <= maxBindParameters else {
            throw BatchError(.validation, "\(columns.count) columns exceed the \(maxBindParameters) bind parameters one statement may carry")
        }
        for (r, row) in rows.enumerated() {
            guard row.count == columns.count else {
                throw BatchError(.validation, "row \(r + 1) has \(row.count) values for \(columns.count) columns")
            }
            guard family == .postgres else { continue }
            for (c, value) in row.enumerated() {
                if case .string(let text) = value, text.utf8.contains(0) {
                    throw BatchError(.validation, "row \(r + 1), column \(names[c]): PostgreSQL text cannot contain NUL (U+0000) characters; no row was written")
                }
            }
        }
        return names
    }

    /// `(?, ?), (?, ?)` for the rows. On PostgreSQL a date binds as `CAST(? AS DATE)`: it travels
    /// as text, which PostgreSQL will not assign to a `date` column implicitly.
    private func values(_ rows: ArraySlice<[RecordValue]>) -> SQLQueryString {
        var query: SQLQueryString = ""
        var first = true
        for row in rows {
            query += first ? "(" : ", ("
            for (i, value) in row.enumerated() {
                if i > 0 { query += ", " }
                if case .date = value, family == .postgres {
                    query += "CAST(\(bind: value.bindValue) AS DATE)"
                } else {
                    query += "\(bind: value.bindValue)"
                }
            }
            query += ")"
            first = false
        }
        return query
    }

    /// Runs one statement per chunk of rows. With `distinctKeys`, a chunk also ends before a row
    /// whose key values already occur in it.
    private func runChunks(_ rows: [[RecordValue]], columns: [SQLName], verb: String, table: SQLTableName,
                           distinctKeys: [Int]? = nil, statement: (ArraySlice<[RecordValue]>) -> SQLQueryString) async throws {
        let size = rowsPerStatement(columns: columns.count)
        var start = 0
        while start < rows.count {
            var end = min(rows.count, start + size)
            if let distinctKeys {
                var seen = Set<[RecordValue]>()
                var i = start
                while i < end, seen.insert(distinctKeys.map { rows[i][$0] }).inserted { i += 1 }
                end = i
            }
            do {
                try await database.raw(statement(rows[start..<end])).run()
            } catch {
                throw SQLFailure.wrap(error, connection: connection, action: "\(verb) rows \(start + 1)–\(end) of \(rows.count) into \(table)")
            }
            start = end
        }
    }
}

extension DatabaseConnection {
    /// Runs `body` with ``SQLStatements`` in one transaction on this database: committed when
    /// `body` returns, rolled back (every split statement) when it throws.
    @discardableResult
    public func withStatements<R: Sendable>(isolation: IsolationLevel? = nil, _ body: (SQLStatements) async throws -> R) async throws -> R {
        try await transaction(isolation: isolation) { db in try await body(SQLStatements(db, on: self)) }
    }
}

/// Turns driver errors into ``Sluice/BatchError``s for the statement helpers and the SQL tasklet.
enum SQLFailure {
    /// `error` with the driver's category (through `connection`, when known), as "`action` failed:
    /// reason". The reason is cut to 2,000 characters (a driver may echo the whole statement and
    /// its values) and never holds the connection's password. Cancellation passes through.
    static func wrap(_ error: any Error, connection: DatabaseConnection?, action: String) -> any Error {
        if error is CancellationError { return error }
        let classified = connection?.classify(error) ?? error
        let category = ErrorCategory.of(classified) ?? .io
        var detail = classified is any CategorizedError ? String(describing: classified) : String(reflecting: classified)
        if let url = connection?.url { detail = ConnectionRetry.scrub(detail, url: url) }
        return BatchError(category, "\(action) failed: \(shortened(detail))")
    }

    /// `text` cut to `limit` characters, saying how much was left out.
    static func shortened(_ text: String, limit: Int = 2000) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count - limit) more characters)"
    }
}

extension RecordValue {
    /// The value as the plain Swift type drivers bind natively (Int, String, Double, ...), which
    /// keeps drivers on their fast encoding path instead of the generic `Encodable` machinery.
    /// NULL binds as an absent optional.
    public var bindValue: any Encodable & Sendable {
        switch self {
        case .null: return Optional<String>.none
        case .bool(let v): return v
        case .int(let v): return v
        case .double(let v): return v
        case .decimal(let v): return v
        case .string(let v): return v
        case .date(let v): return v.description
        case .timestamp(let v): return v
        case .bytes(let v): return Data(v)
        }
    }
}

import Foundation
