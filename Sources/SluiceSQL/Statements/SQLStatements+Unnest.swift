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
        for (r, row) in rows.enumerated() where row.count != columns.count {
            throw BatchError(.validation, "row \(r + 1) has \(row.count) values for \(columns.count) columns")
        }
        // Every literal is built before the first statement runs, so text PostgreSQL cannot
        // store fails the call with no row written.
        var batches: [(range: Range<Int>, literals: [String])] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 50_000)
            let literals = try columns.indices.map { c in
                try Self.arrayLiteral(rows, start..<end, column: c, name: names[c])
            }
            batches.append((start..<end, literals))
            start = end
        }
        let aliases = columns.indices.map { "sluice_c\($0)" }
        for (range, literals) in batches {
            var query: SQLQueryString = "INSERT INTO \(table) (\(SQLList(names.map { $0 as any SQLExpression }))) SELECT "
            query += SQLQueryString(zip(aliases, types).map { "u.\($0)::\($1)" }.joined(separator: ", "))
            query += " FROM UNNEST("
            for (c, literal) in literals.enumerated() {
                if c > 0 { query += ", " }
                query += "\(bind: literal)::text[]"
            }
            query += ") AS u(\(unsafeRaw: aliases.joined(separator: ", ")))"
            do { try await database.raw(query).run() } catch {
                throw SQLFailure.wrap(error, connection: connection,
                                      action: "inserting rows \(range.lowerBound + 1)–\(range.upperBound) of \(rows.count) into \(table)")
            }
        }
        return rows.count
    }

    /// A PostgreSQL text-array literal of one column of `rows[range]`.
    static func arrayLiteral(_ rows: [[RecordValue]], _ range: Range<Int>, column: Int, name: SQLName) throws -> String {
        var literal = PostgresArrayLiteral(capacity: range.count * 12)
        for r in range where !literal.append(rows[r][column]) {
            throw BatchError(.validation, "row \(r + 1), column \(name): PostgreSQL text cannot contain NUL (U+0000) characters; no row was written")
        }
        return literal.text()
    }
}
