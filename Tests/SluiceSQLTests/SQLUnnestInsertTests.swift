import Foundation
import Sluice
import SluiceSQL
import Testing

/// The PostgreSQL array-based insert keeps every value exactly, NULLs and awkward text included.
@Suite struct SQLUnnestInsertTests {
    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func everyTypeAndAwkwardTextRoundTrip() async throws {
        let db = try await TestDatabases.postgres()
        try await db.withConnection { sql in
            try await sql.raw("""
                CREATE TABLE u (id BIGINT, t TEXT, d DOUBLE PRECISION, n NUMERIC(30,10), b BOOLEAN, day DATE,
                at TIMESTAMPTZ, raw BYTEA)
                """).run()
        }
        let awkward = ["NULL", "", "a,b", "{x}", "quo\"te", "back\\slash", "tab\there", "line\nbreak", "'; DROP TABLE u; --", "😀 ü"]
        var rows: [[RecordValue]] = awkward.enumerated().map { i, text in
            [.int(i), .string(text), .double(Double(i) / 3), .decimal(Decimal(string: "12345678901234567.891")!), .bool(i % 2 == 0),
             .date(CalendarDate(year: 2026, month: 11, day: i % 28 + 1)!), .timestamp(Date(timeIntervalSince1970: 1_764_500_000.123)),
             .bytes([0, 1, 0xFE, UInt8(i)])]
        }
        rows.append([.int(99), .null, .null, .null, .null, .null, .null, .null])
        let columns = ["id", "t", "d", "n", "b", "day", "at", "raw"]
        try await db.withStatements { statements in
            let table = try SQLTableName("u")
            let types = try await statements.postgresColumnTypes(of: table, columns: columns)
            #expect(types == ["bigint", "text", "double precision", "numeric(30,10)", "boolean", "date", "timestamp with time zone", "bytea"])
            try await statements.insertUnnest(into: table, columns: columns, types: types, rows: rows)
        }
        let back = try await db.withConnection { sql in
            try await sql.raw("SELECT id, t, d, n::text AS n, b, day::text AS day, (extract(epoch from at) * 1000)::bigint AS ms, encode(raw, 'hex') AS raw FROM u ORDER BY id").all()
        }
        #expect(back.count == awkward.count + 1)
        for (i, text) in awkward.enumerated() {
            #expect(try back[i].decode(column: "t", as: String.self) == text)
            #expect(try back[i].decode(column: "d", as: Double.self) == Double(i) / 3)
            #expect(try back[i].decode(column: "n", as: String.self) == "12345678901234567.8910000000")
            #expect(try back[i].decode(column: "b", as: Bool.self) == (i % 2 == 0))
            #expect(try back[i].decode(column: "ms", as: Int.self) == 1_764_500_000_123)
            #expect(try back[i].decode(column: "raw", as: String.self) == "0001fe" + String(format: "%02x", i))
        }
        let last = try #require(back.last)
        #expect(try last.decode(column: "t", as: String?.self) == nil)
        #expect(try last.decode(column: "b", as: Bool?.self) == nil)
        #expect(try await db.withConnection { sql in try await sql.raw("SELECT COUNT(*) AS n FROM u").first()?.decode(column: "n", as: Int.self) } == 11)
        await db.close()
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func specialNumbersNegativeValuesAndNULText() async throws {
        let db = try await TestDatabases.postgres()
        try await db.withConnection { sql in try await sql.raw("CREATE TABLE u (id BIGINT, d DOUBLE PRECISION, day DATE, t TEXT)").run() }
        let table = try SQLTableName("u")
        let columns = ["id", "d", "day", "t"]
        let rows: [[RecordValue]] = [
            [.int(-5), .double(.infinity), .date(CalendarDate(year: 1, month: 1, day: 1)!), .string("x")],
            [.int(Int.min), .double(-.infinity), .date(CalendarDate(year: 9999, month: 12, day: 31)!), .string("")],
            [.int(7), .double(.nan), .null, .string("1e-05")],
            [.int(8), .double(1e-5), .null, .null],
        ]
        try await db.withStatements { statements in
            let types = try await statements.postgresColumnTypes(of: table, columns: columns)
            try await statements.insertUnnest(into: table, columns: columns, types: types, rows: rows)
            // A NUL in any row fails the call before anything is written.
            let error = await #expect(throws: BatchError.self) {
                try await statements.insertUnnest(into: table, columns: columns, types: types,
                                                  rows: [[.int(100), .double(1), .null, .string("ok")], [.int(101), .double(2), .null, .string("a\u{0}b")]])
            }
            #expect(error?.description.contains("row 2, column \"t\"") == true, "\(String(describing: error))")
        }
        let back = try await db.withConnection { sql in
            try await sql.raw("SELECT id, d::text AS d, day::text AS day, t FROM u ORDER BY id").all()
        }
        #expect(try back.map { try $0.decode(column: "id", as: Int.self) } == [Int.min, -5, 7, 8])
        #expect(try back.map { try $0.decode(column: "d", as: String.self) } == ["-Infinity", "Infinity", "NaN", "1e-05"])
        #expect(try back.map { try $0.decode(column: "day", as: String?.self) } == ["9999-12-31", "0001-01-01", nil, nil])
        #expect(try back.map { try $0.decode(column: "t", as: String?.self) } == ["", "x", "1e-05", nil])
        await db.close()
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func aMissingColumnIsNamed() async throws {
        let db = try await TestDatabases.postgres()
        try await db.withConnection { sql in try await sql.raw("CREATE TABLE u (id BIGINT)").run() }
        let error = await #expect(throws: BatchError.self) {
            try await db.withStatements { try await $0.postgresColumnTypes(of: SQLTableName("u"), columns: ["id", "nope"]) }
        }
        #expect(error?.description.contains("nope") == true)
        await db.close()
    }
}
