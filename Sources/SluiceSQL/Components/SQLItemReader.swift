import Foundation
import SQLKit
import Sluice
import Synchronization

/// Reads the rows of a query as ``Sluice/Record``s, a page of `fetchSize` rows at a time, and
/// resumes after the last committed row on restart: the `sql` reader.
///
/// **Parameters.** Write `?` for each parameter in `query`; `params` are bound to them in order
/// (never pasted into the SQL). A `?` inside quotes, a quoted identifier or a comment is not a
/// placeholder; any other `?` is, so on PostgreSQL write jsonb's `?` operators as functions
/// (`jsonb_exists(...)`). The count is checked when the reader is created. On PostgreSQL a
/// `.date` parameter is bound as `CAST(? AS DATE)`; other values bind with their own types.
///
/// **Paging.** Each page is one short query on a pooled connection, so no connection or cursor
/// is held between chunks and at most `fetchSize` rows are in memory.
/// - *Keyset* (`key` given; preferred): the query must return the key columns, whose values must
///   be unique and not NULL (a NULL key is an error; on PostgreSQL, which sorts NULLs last, one
///   extra query checks for them at the end of the input). Pages are
///   `SELECT * FROM (query) AS sluice_src WHERE (k1, k2) > (?, ?) ORDER BY k1, k2 LIMIT n`,
///   so the reader returns rows in key order whatever the query's own ORDER BY. Restart state is
///   the key of the last row handed out, and a restart continues exactly after that row, even
///   when rows were inserted or deleted meanwhile.
/// - *Offset* (no key): pages are `SELECT * FROM (query) AS sluice_src LIMIT n OFFSET m` and the
///   restart state is the number of rows handed out. The query needs an `ORDER BY` that orders
///   rows totally (ending in a unique column), and the rows must not change between runs. The
///   reader adds no ORDER BY: it relies on the database keeping the subquery's order under
///   LIMIT/OFFSET, which PostgreSQL and SQLite do in practice but the SQL standard does not
///   promise. Prefer keyset paging.
///
/// Key names are result column names, exactly as the query returns them (PostgreSQL folds
/// unquoted names to lower case). Keys compare in the database's order for their type and
/// collation; `.timestamp` keys bind as `timestamptz` on PostgreSQL, so a `timestamp` key column
/// compares correctly only with the session time zone UTC.
///
/// State keys in the step context: `NAME.offset` (offset mode) and `NAME.key` (keyset mode, a
/// JSON array of the key values, decimals, dates, timestamps and bytes tagged as objects), where
/// `NAME` is ``name``; give two readers of one step different names.
///
/// Errors are classified by the connection's driver; a failed page query names the first 80
/// characters of the query. Reads must not run concurrently (the chunk engine reads one chunk at
/// a time).
public final class SQLItemReader: ReadAheadItemReader, ItemStream {
    /// The item type: one record per row, fields in column order.
    public typealias Item = Record

    /// The database read from.
    public let database: DatabaseConnection
    /// The query, as given.
    public let query: String
    /// The parameters bound to the query's `?` placeholders, in order.
    public let params: [RecordValue]
    /// The key columns of keyset paging; empty for offset paging.
    public let key: [String]
    /// The number of rows per page query.
    public let fetchSize: Int
    /// The prefix of this reader's keys in the step context.
    public let name: String

    private let decoder: any RecordRowDecoding
    /// The query text between placeholders: one more segment than `params`.
    private let segments: [String]

    private struct State {
        /// The current page; rows before `index` have been handed out.
        var page: [Record] = []
        var index = 0
        /// Rows handed out before `page[0]` since the start of the input.
        var before = 0
        /// The key of the last row handed out before `page[0]` (keyset mode).
        var keyBefore: [RecordValue]?
        /// Whether the last page was short, so no query is left to run.
        var exhausted = false
        /// Bumped by every page installed, so a page fetched for an outdated position is dropped.
        var generation = 0
        /// Page queries run since `open`, and the largest page held (for tests and metrics).
        var pagesFetched = 0
        var largestPage = 0
    }
    private let state = Mutex(State())

    /// Creates a reader of `query` on `database`.
    ///
    /// - Parameters:
    ///   - params: values for the query's `?` placeholders, in order.
    ///   - key: the key columns for keyset paging (recommended); empty for offset paging.
    ///   - fetchSize: rows per page query (default 1,000).
    ///   - name: the prefix of the reader's restart state in the step context.
    ///   - decoder: how rows become records; by default the driver's ``RecordRowDecoding``
    ///     or ``GenericRecordRowDecoder``.
    /// - Throws: a `validation` ``Sluice/BatchError`` when the placeholders and `params` do not
    ///   match in number, or `fetchSize`, `key` or `name` are invalid.
    public init(_ database: DatabaseConnection, query: String, params: [RecordValue] = [], key: [String] = [],
                fetchSize: Int = 1000, name: String = "sql.reader", decoder: (any RecordRowDecoding)? = nil) throws {
        let text = Self.trimmed(query)
        guard !text.isEmpty else { throw BatchError(.validation, "sql reader '\(name)': the query is empty") }
        guard fetchSize > 0 else { throw BatchError(.validation, "sql reader '\(name)': fetch-size must be positive, not \(fetchSize)") }
        guard !name.isEmpty else { throw BatchError(.validation, "sql reader: the name (the prefix of its restart state) is empty") }
        if let empty = key.firstIndex(where: \.isEmpty) {
            throw BatchError(.validation, "sql reader '\(name)': key column \(empty + 1) has an empty name")
        }
        if Set(key).count != key.count { throw BatchError(.validation, "sql reader '\(name)': the key \(key) names a column twice") }
        let segments = SQLPlaceholders.split(text, backslashEscapes: database.driver.family == .mysql)
        guard segments.count - 1 == params.count else {
            throw BatchError(.validation, """
                sql reader '\(name)': the query has \(segments.count - 1) '?' placeholder(s) but \(params.count) param(s) \
                were given: \(Self.preview(text))
                """)
        }
        self.database = database
        self.query = query
        self.params = params
        self.key = key
        self.fetchSize = fetchSize
        self.name = name
        self.segments = segments
        self.decoder = decoder ?? database.recordRowDecoder
    }

    /// A keyset-paging reader: rows in `key` order, restartable exactly after the last committed
    /// row. The same as ``init(_:query:params:key:fetchSize:name:decoder:)`` with a non-empty key.
    public static func keyset(_ database: DatabaseConnection, query: String, key: [String], params: [RecordValue] = [],
                              fetchSize: Int = 1000, name: String = "sql.reader",
                              decoder: (any RecordRowDecoding)? = nil) throws -> SQLItemReader {
        guard !key.isEmpty else { throw BatchError(.validation, "sql reader '\(name)': keyset paging needs at least one key column") }
        return try SQLItemReader(database, query: query, params: params, key: key, fetchSize: fetchSize, name: name, decoder: decoder)
    }

    /// The context key of the row count (offset mode).
    public var offsetKey: String { name + ".offset" }
    /// The context key of the last key values (keyset mode).
    public var keysetKey: String { name + ".key" }

    // MARK: ItemStream

    /// Starts from the beginning, or after the position saved in `context` by ``update(_:)``.
    public func open(_ context: ExecutionContext) async throws {
        var fresh = State()
        if key.isEmpty {
            if let saved = context[offsetKey] {
                guard let offset = saved.intValue, offset >= 0 else {
                    throw BatchError(.validation, "sql reader '\(name)': the saved position \(offsetKey) = \(saved) is not a row count")
                }
                fresh.before = offset
            }
        } else if let saved = context[keysetKey] {
            guard let values = saved.arrayValue, values.count == key.count else {
                throw BatchError(.validation, "sql reader '\(name)': the saved position \(keysetKey) = \(saved) does not hold \(key.count) key value(s) for \(key)")
            }
            fresh.keyBefore = try values.map { try KeysetState.decode($0, reader: name) }
        }
        state.withLock { s in
            fresh.generation = s.generation + 1
            s = fresh
        }
    }

    /// Saves the position after the last row handed out (`NAME.offset` or `NAME.key`).
    public func update(_ context: inout ExecutionContext) async throws {
        if key.isEmpty {
            context[offsetKey] = .int(state.withLock { $0.before + $0.index })
        } else if let last = state.withLock({ s in s.index > 0 ? keyValues(s.page[s.index - 1]) : s.keyBefore }) {
            context[keysetKey] = .array(try last.map { try KeysetState.encode($0, reader: name) })
        }
    }

    /// Drops the current page.
    public func close() async throws {
        state.withLock { s in
            s.page = []
            s.index = 0
        }
    }

    // MARK: ItemReader

    /// The next row, querying the next page when the current one is used up; nil at the end.
    public func read() async throws -> Record? {
        while true {
            let step = state.withLock { s -> Step in
                if s.index < s.page.count {
                    defer { s.index += 1 }
                    return .row(s.page[s.index])
                }
                return next(&s)
            }
            switch step {
            case .row(let record): return record
            case .copied: continue
            case .end: return nil
            case .fetch(let position): try await fetch(position)
            }
        }
    }

    /// Copies rows from the current page (and the following pages) until `buffer` holds `limit`
    /// rows; false at the end of the input.
    public func read(into buffer: inout [Record], limit: Int) async throws -> Bool {
        while buffer.count < limit {
            let wanted = limit - buffer.count
            let step = state.withLock { s -> Step in
                if s.index < s.page.count {
                    let end = min(s.page.count, s.index + wanted)
                    buffer.append(contentsOf: s.page[s.index..<end])
                    s.index = end
                    return .copied
                }
                return next(&s)
            }
            switch step {
            case .row, .copied: continue
            case .end: return false
            case .fetch(let position): try await fetch(position)
            }
        }
        return true
    }

    // MARK: Paging

    private enum Step {
        case row(Record)
        case copied
        case end
        case fetch(Position)
    }

    private struct Position {
        var generation: Int
        var offset: Int
        var after: [RecordValue]?
    }

    /// With the page used up: the end, or the position of the next page (dropping the old page
    /// first, so that only one page is ever held).
    private func next(_ s: inout State) -> Step {
        if s.index > 0 {
            if !key.isEmpty { s.keyBefore = keyValues(s.page[s.index - 1]) }
            s.before += s.index
            s.page = []
            s.index = 0
        }
        if s.exhausted { return .end }
        return .fetch(Position(generation: s.generation, offset: s.before, after: s.keyBefore))
    }

    /// Runs one page query and installs the page, unless another page arrived meanwhile.
    private func fetch(_ position: Position) async throws {
        let sql = pageQuery(position)
        let rows: [any SQLRow]
        do {
            rows = try await database.withConnection { db in try await db.raw(sql).all() }
        } catch {
            throw queryError(error)
        }
        let records = try decoder.records(from: rows)
        try checkKeys(records)
        if !key.isEmpty, records.count < fetchSize, database.driver.family == .postgres { try await checkNoNullKeys() }
        state.withLock { s in
            guard s.generation == position.generation else { return }
            s.generation += 1
            s.page = records
            s.index = 0
            s.exhausted = records.count < fetchSize
            s.pagesFetched += 1
            s.largestPage = max(s.largestPage, records.count)
        }
    }

    /// `SELECT * FROM (query) AS sluice_src` with the page's predicate, order and limit.
    private func pageQuery(_ position: Position) -> SQLQueryString {
        let family = database.driver.family
        var sql = SQLQueryString("SELECT * FROM (\n")
        appendQuery(to: &sql)
        // A newline ends a trailing `--` comment of the query before the parenthesis.
        sql.appendLiteral("\n) AS sluice_src")
        if key.isEmpty {
            sql.appendLiteral(" LIMIT \(fetchSize) OFFSET \(position.offset)")
            return sql
        }
        if let after = position.after {
            sql.appendLiteral(" WHERE (")
            sql.appendInterpolation(idents: key, joinedBy: ", ")
            sql.appendLiteral(") > (")
            for (i, value) in after.enumerated() {
                if i > 0 { sql.appendLiteral(", ") }
                Self.append(value, to: &sql, family: family)
            }
            sql.appendLiteral(")")
        }
        sql.appendLiteral(" ORDER BY ")
        sql.appendInterpolation(idents: key, joinedBy: ", ")
        sql.appendLiteral(" LIMIT \(fetchSize)")
        return sql
    }

    /// The user's query with its parameters bound.
    private func appendQuery(to sql: inout SQLQueryString) {
        let family = database.driver.family
        for (i, segment) in segments.enumerated() {
            sql.appendLiteral(segment)
            if i < params.count { Self.append(params[i], to: &sql, family: family) }
        }
    }

    /// Binds a value with a concrete Swift type, so every driver takes its native path.
    static func append(_ value: RecordValue, to sql: inout SQLQueryString, family: SQLFamily) {
        switch value {
        case .null: sql.appendLiteral("NULL")
        case .bool(let v): sql.appendInterpolation(bind: v)
        case .int(let v): sql.appendInterpolation(bind: v)
        case .double(let v): sql.appendInterpolation(bind: v)
        case .decimal(let v):
            if family == .sqlite { sql.appendInterpolation(bind: v.description) } else { sql.appendInterpolation(bind: v) }
        case .string(let v): sql.appendInterpolation(bind: v)
        case .date(let v):
            if family == .postgres {
                sql.appendLiteral("CAST(")
                sql.appendInterpolation(bind: v.description)
                sql.appendLiteral(" AS DATE)")
            } else {
                sql.appendInterpolation(bind: v.description)
            }
        case .timestamp(let v): sql.appendInterpolation(bind: v)
        case .bytes(let v): sql.appendInterpolation(bind: Data(v))
        }
    }

    /// The key values of a record (present and non-null: checked when its page arrived).
    private func keyValues(_ record: Record) -> [RecordValue] {
        key.map { record[$0] ?? .null }
    }

    /// Keyset paging needs every key column in the result and no NULL key (a NULL compares as
    /// unknown, so the rows after it would be lost).
    private func checkKeys(_ records: [Record]) throws {
        guard !key.isEmpty, let first = records.first else { return }
        var indices: [Int] = []
        for column in key {
            guard let i = first.names.firstIndex(of: column) else {
                throw BatchError(.validation, "sql reader '\(name)': the key column '\(column)' is not in the query's result (columns: \(first.names.joined(separator: ", ")))")
            }
            indices.append(i)
        }
        for record in records {
            for (n, i) in indices.enumerated() where record.values[i].isNull {
                throw BatchError(.validation, "sql reader '\(name)': the key column '\(key[n])' is NULL in a row; keyset paging needs non-null, unique keys")
            }
        }
    }

    /// PostgreSQL sorts NULLs last, and `(k1, k2) > (?, ?)` is unknown for a NULL key, so rows
    /// with a NULL key may never reach a page. At the end of the input one query makes sure
    /// there were none. (SQLite and MySQL sort NULLs first: such rows always reach a page.)
    private func checkNoNullKeys() async throws {
        var sql = SQLQueryString("SELECT 1 AS found FROM (\n")
        appendQuery(to: &sql)
        sql.appendLiteral("\n) AS sluice_src WHERE ")
        for (i, column) in key.enumerated() {
            if i > 0 { sql.appendLiteral(" OR ") }
            sql.appendInterpolation(ident: column)
            sql.appendLiteral(" IS NULL")
        }
        sql.appendLiteral(" LIMIT 1")
        let found: Bool
        do {
            found = try await database.withConnection { db in try await db.raw(sql).first() != nil }
        } catch {
            throw queryError(error)
        }
        if found {
            throw BatchError(.validation, "sql reader '\(name)': a key column of \(key) is NULL in some row; keyset paging needs non-null, unique keys")
        }
    }

    private func queryError(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        let classified = database.classify(error)
        let category = ErrorCategory.of(classified) ?? .io
        let detail = (classified as? BatchError)?.message ?? String(describing: classified)
        return BatchError(category, "sql reader '\(name)': the query \(Self.preview(query)) failed: \(detail)")
    }

    // MARK: Text helpers

    /// The query without surrounding white space and trailing semicolons.
    static func trimmed(_ query: String) -> String {
        var text = Substring(query)
        while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        return String(text)
    }

    /// The first 80 characters of the query on one line, quoted, for messages.
    static func preview(_ query: String) -> String {
        let line = trimmed(query).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let shown = line.count > 80 ? String(line.prefix(80)) + "…" : line
        return "\"" + shown + "\""
    }

    // MARK: Test hooks

    /// Page queries run since ``open(_:)``.
    var pagesFetched: Int { state.withLock { $0.pagesFetched } }
    /// The most rows one page has held since ``open(_:)``.
    var largestPage: Int { state.withLock { $0.largestPage } }
    /// The rows held right now.
    var rowsHeld: Int { state.withLock { $0.page.count } }
}

/// Key values as JSON-able ``Sluice/ContextValue``s that read back with their exact type:
/// integers, doubles, strings and booleans as themselves; decimals, dates, timestamps and bytes
/// as one-member objects (`{"decimal": "1.50"}`, `{"date": "2024-02-29"}`,
/// `{"timestamp": "<seconds since 2001 as text>"}`, `{"bytes": "<base64>"}`).
enum KeysetState {
    static func encode(_ value: RecordValue, reader: String) throws -> ContextValue {
        switch value {
        case .null: return .null
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .double(let v):
            guard v.isFinite else { throw BatchError(.validation, "sql reader '\(reader)': a key value \(v) cannot be saved") }
            return .double(v)
        case .string(let v): return .string(v)
        case .decimal(let v): return ["decimal": .string(v.description)]
        case .date(let v): return ["date": .string(v.description)]
        // Seconds since 2001 is what `Date` stores; its text reads back bit for bit.
        case .timestamp(let v): return ["timestamp": .string(String(v.timeIntervalSinceReferenceDate))]
        case .bytes(let v): return ["bytes": .string(Data(v).base64EncodedString())]
        }
    }

    static func decode(_ value: ContextValue, reader: String) throws -> RecordValue {
        switch value {
        case .null: return .null
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .string(let v): return .string(v)
        case .object(let members):
            if members.count == 1, let member = members.first, let text = member.value.stringValue {
                switch member.key {
                case "decimal":
                    if let v = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) { return .decimal(v) }
                case "date":
                    if let v = CalendarDate(text) { return .date(v) }
                case "timestamp":
                    if let v = Double(text) { return .timestamp(Date(timeIntervalSinceReferenceDate: v)) }
                case "bytes":
                    if let v = Data(base64Encoded: text) { return .bytes([UInt8](v)) }
                default: break
                }
            }
        case .array: break
        }
        throw BatchError(.validation, "sql reader '\(reader)': the saved key value \(value) is not readable")
    }
}

/// Splits SQL text at its `?` placeholders, skipping quoted strings, quoted identifiers,
/// comments and PostgreSQL dollar-quoted strings.
enum SQLPlaceholders {
    /// The text between placeholders (one more element than there are placeholders).
    static func split(_ sql: String, backslashEscapes: Bool = false) -> [String] {
        let b = Array(sql.utf8)
        let n = b.count
        var segments: [String] = []
        var start = 0
        var i = 0
        func isWord(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
        }
        func skipQuoted(_ quote: UInt8, backslash: Bool) {
            i += 1
            while i < n {
                if backslash && b[i] == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if b[i] == quote {
                    if i + 1 < n && b[i + 1] == quote {
                        i += 2
                        continue
                    }
                    i += 1
                    return
                }
                i += 1
            }
        }
        while i < n {
            let c = b[i]
            switch c {
            case UInt8(ascii: "'"):
                // PostgreSQL E'...' strings use backslash escapes.
                let escaped = i > 0 && (b[i - 1] == UInt8(ascii: "E") || b[i - 1] == UInt8(ascii: "e")) && (i < 2 || !isWord(b[i - 2]))
                skipQuoted(c, backslash: backslashEscapes || escaped)
            case UInt8(ascii: "\""), UInt8(ascii: "`"):
                skipQuoted(c, backslash: false)
            case UInt8(ascii: "-") where i + 1 < n && b[i + 1] == UInt8(ascii: "-"):
                while i < n && b[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "/") where i + 1 < n && b[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i < n && !(b[i] == UInt8(ascii: "*") && i + 1 < n && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i = min(n, i + 2)
            case UInt8(ascii: "$") where i == 0 || !isWord(b[i - 1]):
                // A dollar quote `$tag$ ... $tag$` (the tag may be empty; it cannot start with a digit).
                var j = i + 1
                if j < n, b[j] >= 0x30 && b[j] <= 0x39 {
                    i += 1
                    continue
                }
                while j < n && isWord(b[j]) && b[j] != UInt8(ascii: "$") { j += 1 }
                guard j < n, b[j] == UInt8(ascii: "$") else {
                    i += 1
                    continue
                }
                let tag = b[i...j]
                var k = j + 1
                var closed = false
                while k + tag.count <= n {
                    if b[k] == UInt8(ascii: "$") && b[k..<(k + tag.count)].elementsEqual(tag) {
                        closed = true
                        break
                    }
                    k += 1
                }
                i = closed ? k + tag.count : n
            case UInt8(ascii: "?"):
                segments.append(String(decoding: b[start..<i], as: UTF8.self))
                i += 1
                start = i
            default:
                i += 1
            }
        }
        segments.append(String(decoding: b[start..<n], as: UTF8.self))
        return segments
    }
}
