import Foundation
import Logging
import NIOCore
import Sluice
@testable import SluicePostgres
import SluiceSQL
import Testing

/// Binary COPY stores exactly what text COPY stores, and falls back to text for anything it
/// cannot lay out.
@Suite struct PostgresBinaryCopyTests {
    private static let columns = ["id", "small", "t", "d", "n", "b", "day", "at", "raw", "doc", "name"]
    private static let createTable = """
        (id BIGINT, small INTEGER, t TEXT, d DOUBLE PRECISION, n NUMERIC(40,10), b BOOLEAN, day DATE,
        at TIMESTAMPTZ, raw BYTEA, doc JSONB, name VARCHAR(20))
        """

    /// The strtod-free path for short plain decimals gives bit for bit the `Double` of the text,
    /// and leaves every other shape to the general path.
    @Test func shortPlainDecimalsConvertExactlyLikeTheText() {
        var generator = SystemRandomNumberGenerator()
        var samples = ["0", "-0", "0.0", "-0.5", "1", "0.1", "0.3", "123456789012345", "99999999.9999999",
                       "0.000000000000001", "9007199254740993", "00012.50", "-42.125"]
        for _ in 0..<20_000 {
            let integer = String(UInt64.random(in: 0...9_999_999, using: &generator))
            let fraction = String(UInt64.random(in: 0...99_999_999, using: &generator))
            samples.append((Bool.random(using: &generator) ? "-" : "") + integer + "." + fraction)
        }
        for text in samples {
            var copy = text
            let fast = copy.withUTF8(DecimalText.shortDouble)
            guard let fast else {
                #expect(text.filter(\.isNumber).count > 15, "\(text) should take the fast path")
                continue
            }
            #expect(fast.bitPattern == Double(text)!.bitPattern, "\(text)")
            #expect(CopyBinaryEncoder.plainValue(text, for: .float8) == .double(Double(text)!))
        }
        for text in ["", "-", ".5", "1.", "1e5", "--1", "1.2.3", "+1", " 1", "1234567890123456", "NaN", "inf", "0x1p3"] {
            var copy = text
            #expect(copy.withUTF8(DecimalText.shortDouble) == nil, "\(text)")
        }
        // Longer or exponent forms still convert, through the general path.
        #expect(CopyBinaryEncoder.plainValue("1234567890.123456789", for: .float8) == .double(1234567890.123456789))
        #expect(CopyBinaryEncoder.plainValue("1e5", for: .float8) == .double(100000))
        #expect(CopyBinaryEncoder.plainValue("NaN", for: .float8) == nil)
    }

    @Test func layoutsFollowTheDeclaredTypes() {
        typealias Column = CopyBinaryEncoder.Column
        #expect(Column(declaredType: "bigint") == .int8)
        #expect(Column(declaredType: "numeric(12,2)") == .numeric)
        #expect(Column(declaredType: "character varying(40)") == .text)
        #expect(Column(declaredType: "timestamp(3) with time zone") == .timestamp)
        #expect(Column(declaredType: "timestamp without time zone") == .timestamp)
        #expect(Column(declaredType: "real") == nil)
        #expect(Column(declaredType: "integer[]") == nil)
        #expect(Column(declaredType: "\"MyDomain\"") == nil)
    }

    @Test func anythingWithoutALayoutGoesAsText() {
        let encode = { (types: [String], row: [RecordValue]) in PostgresDriver.encode([row], columns: types.map { _ in "c" }, types: types).binary }
        #expect(encode(["bigint"], [.int(1)]))
        #expect(encode(["bigint"], [.string("42")]))
        #expect(encode(["bigint"], [.null]))
        #expect(!encode(["real"], [.double(1)]))
        #expect(!encode(["bigint"], [.string("abc")]))
        #expect(!encode(["bigint"], [.string(" 7")]))
        #expect(!encode(["bigint"], [.string("+7")]))
        #expect(!encode(["bigint"], [.string("99999999999999999999")]))
        #expect(!encode(["integer"], [.int(Int(Int32.max) + 1)]))
        #expect(!encode(["bigint"], [.double(1)]))
        #expect(!encode(["double precision"], [.string("NaN")]))
        #expect(!encode(["numeric"], [.double(1.5)]))
        #expect(!encode(["numeric"], [.string("1e5")]))
        #expect(!encode(["date"], [.string("30.11.2026")]))
        #expect(!encode(["boolean"], [.string("yes")]))
        #expect(!encode(["text"], [.int(1)]))
        #expect(!encode(["bytea"], [.string("\\x00")]))
        #expect(!encode(["bigint", "text"], [.int(1)]), "a row of the wrong width")
        #expect(PostgresDriver.encode([[.int(1)]], columns: ["c"], types: nil).binary == false)
    }

    /// The same rows, copied once in binary and once as text into two tables, read back equal —
    /// typed values, untyped text (a CSV read without column types), NULLs, awkward text.
    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func binaryAndTextCopiesStoreTheSameValues() async throws {
        let db = try await TestDatabases.postgres()
        try await db.withConnection { sql in
            try await sql.raw("CREATE TABLE viabinary \(unsafeRaw: Self.createTable)").run()
            try await sql.raw("CREATE TABLE viatext \(unsafeRaw: Self.createTable)").run()
        }
        let at = Date(timeIntervalSince1970: 1_764_500_000.123456)
        let numbers = ["0", "0.01", "-0.0012", "12345678901234567.891", "100000000", "-99999.9999", "1.5000", "0.0000000001"]
        var rows: [[RecordValue]] = []
        for (i, number) in numbers.enumerated() {
            let day = CalendarDate(year: 1999 + i, month: 2, day: 28)!
            rows.append([.int(i), .int(-i * 1000), .string("tab\there \\N back\\slash\nline 😀"), .double(Double(i) / 3),
                         .decimal(Decimal(string: number)!), .bool(i % 2 == 0), .date(day), .timestamp(at + Double(i)),
                         .bytes([0, 9, 10, 92, UInt8(i)]), .string("{\"k\": [\(i), \"ü\"]}"), .string("n\(i)")])
            // Untyped: every value as text, as a CSV reader without column types gives them.
            rows.append([.string("\(100 + i)"), .string("-\(i)"), .string(""), .string(String(Double(i) / 7)),
                         .string(number), .string(i % 2 == 0 ? "t" : "false"), .string(day.description), .null,
                         .null, .null, .string("")])
        }
        rows.append([.int(-1), .null, .null, .null, .null, .null, .null, .null, .null, .null, .null])
        rows.append([.int(Int.min), .int(Int(Int32.min)), .string("x"), .double(-0.0), .int(42), .bool(false),
                     .date(CalendarDate(year: 1, month: 1, day: 1)!), .timestamp(Date(timeIntervalSince1970: -62_000_000_000)),
                     .bytes([]), .string("null"), .string("😀")])
        let types = try await db.withStatements { try await $0.postgresColumnTypes(of: try SQLTableName("viabinary"), columns: Self.columns) }
        #expect(PostgresDriver.encode(rows, columns: Self.columns, types: types).binary)
        let driver = try #require(db.driver as? any BulkCopying)
        let transaction = try await db.begin()
        try await driver.copy(into: "viabinary", columns: Self.columns, types: types, rows: rows, prepared: nil,
                              on: transaction.driverConnection, logger: Logger(label: "test"))
        try await driver.copy(into: "viatext", columns: Self.columns, types: nil, rows: rows, prepared: nil,
                              on: transaction.driverConnection, logger: Logger(label: "test"))
        try await transaction.commit()
        let differences = try await db.withConnection { sql in
            try await sql.raw("""
                SELECT count(*) AS n FROM ((SELECT * FROM viabinary EXCEPT ALL SELECT * FROM viatext)
                UNION ALL (SELECT * FROM viatext EXCEPT ALL SELECT * FROM viabinary)) d
                """).first()?.decode(column: "n", as: Int.self)
        }
        #expect(differences == 0)
        let stored = try await db.withConnection { sql in
            try await sql.raw("SELECT count(*) AS n, sum(n) AS total, max(t) AS t FROM viabinary").first()
        }
        #expect(try stored?.decode(column: "n", as: Int.self) == rows.count)
        #expect(try stored?.decode(column: "t", as: String.self) == "x")
        let text = try await db.withConnection { sql in
            try await sql.raw("SELECT n::text AS n, (extract(epoch from at) * 1000000)::bigint AS us FROM viabinary WHERE id = 3").first()
        }
        #expect(try text?.decode(column: "n", as: String.self) == "12345678901234567.8910000000")
        #expect(try text?.decode(column: "us", as: Int.self) == 1_764_500_003_123_456)
        await db.close()
    }

    /// A value the binary layout refuses goes as text, where the server converts it or names it.
    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func refusedValuesReachTheServerAsText() async throws {
        let db = try await TestDatabases.postgres()
        try await db.withConnection { sql in try await sql.raw("CREATE TABLE f (id BIGINT, r REAL)").run() }
        let driver = try #require(db.driver as? any BulkCopying)
        let types = ["bigint", "real"]
        let transaction = try await db.begin()
        try await driver.copy(into: "f", columns: ["id", "r"], types: types, rows: [[.string(" 7"), .double(0.1)], [.string("+8"), .null]],
                              prepared: nil, on: transaction.driverConnection, logger: Logger(label: "test"))
        try await transaction.commit()
        let ids = try await db.withConnection { sql in try await sql.raw("SELECT id FROM f ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) } }
        #expect(ids == [7, 8])
        let failing = try await db.begin()
        let error = await #expect(throws: (any Error).self) {
            try await driver.copy(into: "f", columns: ["id", "r"], types: types, rows: [[.string("abc"), .null]],
                                  prepared: nil, on: failing.driverConnection, logger: Logger(label: "test"))
        }
        try await failing.rollback()
        #expect(String(reflecting: error as Any).contains("abc"), "\(String(reflecting: error as Any))")
        await db.close()
    }

    /// What the read-ahead lane prepared is what gets sent.
    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func aPreparedPayloadIsSentAsIs() async throws {
        let db = try await TestDatabases.postgres()
        try await db.withConnection { sql in try await sql.raw("CREATE TABLE p (id BIGINT, t TEXT)").run() }
        let driver = try #require(db.driver as? any BulkCopying)
        let rows: [[RecordValue]] = [[.int(1), .string("a")], [.int(2), .string("b")]]
        let prepared = driver.prepareCopy(columns: ["id", "t"], types: ["bigint", "text"], rows: rows)
        #expect((prepared as? PostgresDriver.CopyPayload)?.binary == true)
        let transaction = try await db.begin()
        // The rows argument differs from the prepared ones: the prepared bytes win.
        try await driver.copy(into: "p", columns: ["id", "t"], types: ["bigint", "text"], rows: [[.int(9), .string("z")]],
                              prepared: prepared, on: transaction.driverConnection, logger: Logger(label: "test"))
        try await transaction.commit()
        let ids = try await db.withConnection { sql in try await sql.raw("SELECT id FROM p ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) } }
        #expect(ids == [1, 2])
        await db.close()
    }
}
