import Foundation
import SQLKit
import Sluice

extension SQLStatements {
    /// The declared types of `columns` of `table` on PostgreSQL (`format_type`, e.g. `bigint`,
    /// `numeric(12,2)`), in the order given. Fails naming a column the table lacks.
    public func postgresColumnTypes(of table: SQLTableName, columns: [String]) async throws -> [String] {
        let text = database.serialize(table).sql
        let rows = try await database.raw("""
            SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
            WHERE a.attrelid = \(bind: text)::regclass AND a.attnum > 0 AND NOT a.attisdropped
            """).all()
        var types: [String: String] = [:]
        for row in rows { types[try row.decode(column: "name", as: String.self)] = try row.decode(column: "type", as: String.self) }
        return try columns.map { column in
            guard let type = types[column] else {
                throw BatchError(.validation, "table \(table) has no column \(SQLIdentifiers.visible(column))")
            }
            return type
        }
    }

    /// Inserts `rows` on PostgreSQL with one statement per 50,000 rows, whatever the column count:
    /// `INSERT INTO t (c1, ...) SELECT u.c1::type1, ... FROM UNNEST($1::text[], ...) AS u(c1, ...)`,
    /// each column bound as one array literal. Far fewer parameters and parse work than multi-row
    /// VALUES; `types` come from ``postgresColumnTypes(of:columns:)``.
    @discardableResult
    public func insertUnnest(into table: SQLTableName, columns: [String], types: [String], rows: [[RecordValue]]) async throws -> Int {
        let names = try columns.map { try SQLName($0, kind: "column name") }
        guard !rows.isEmpty else { return 0 }
        for (r, row) in rows.enumerated() {
            guard row.count == columns.count else {
                throw BatchError(.validation, "row \(r + 1) has \(row.count) values for \(columns.count) columns")
            }
            for (c, value) in row.enumerated() {
                if case .string(let text) = value, text.utf8.contains(0) {
                    throw BatchError(.validation, "row \(r + 1), column \(names[c]): PostgreSQL text cannot contain NUL (U+0000) characters; no row was written")
                }
            }
        }
        let aliases = columns.indices.map { "sluice_c\($0)" }
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 50_000)
            var query: SQLQueryString = "INSERT INTO \(table) (\(SQLList(names.map { $0 as any SQLExpression }))) SELECT "
            query += SQLQueryString(zip(aliases, types).map { "u.\($0)::\($1)" }.joined(separator: ", "))
            query += " FROM UNNEST("
            for c in columns.indices {
                if c > 0 { query += ", " }
                query += "\(bind: Self.arrayLiteral(rows[start..<end], column: c))::text[]"
            }
            query += ") AS u(\(unsafeRaw: aliases.joined(separator: ", ")))"
            do { try await database.raw(query).run() } catch {
                throw SQLFailure.wrap(error, connection: connection, action: "inserting rows \(start + 1)–\(end) of \(rows.count) into \(table)")
            }
            start = end
        }
        return rows.count
    }

    /// A PostgreSQL text-array literal of one column: `{"a","b",NULL}`, elements quoted with `"`
    /// and `\` escaped.
    static func arrayLiteral(_ rows: ArraySlice<[RecordValue]>, column: Int) -> String {
        var text = "{"
        text.reserveCapacity(rows.count * 12)
        var first = true
        for row in rows {
            if !first { text += "," }
            first = false
            let value = row[column]
            if value.isNull {
                text += "NULL"
                continue
            }
            let element: String
            switch value {
            case .bool(let b): element = b ? "t" : "f"
            case .bytes(let bytes): element = "\\x" + bytes.map { String(format: "%02x", $0) }.joined()
            default: element = value.description
            }
            text += "\""
            if element.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for ch in element.unicodeScalars {
                    if ch == "\"" || ch == "\\" { text += "\\" }
                    text.unicodeScalars.append(ch)
                }
            } else {
                text += element
            }
            text += "\""
        }
        return text + "}"
    }
}
