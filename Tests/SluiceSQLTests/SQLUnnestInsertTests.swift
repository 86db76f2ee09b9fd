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
