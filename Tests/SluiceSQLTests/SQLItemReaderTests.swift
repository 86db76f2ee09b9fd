import Foundation
import SQLKit
import Sluice
@testable import SluiceSQL
import SluicePostgres
import SluiceSQLite
import SluiceTestSupport
import Testing

/// The `sql` reader on SQLite and PostgreSQL: exact value types, keyset and offset paging,
/// parameter binding, restarts and bounded memory.
@Suite struct SQLItemReaderTests {
    static let rowCount = 10_007

    enum Backend: String, Sendable {
        case sqlite, postgres
    }

    /// A fresh database; closed after `body`.
    static func withDatabase(_ backend: Backend, _ body: (DatabaseConnection) async throws -> Void) async throws {
        let db = backend == .sqlite ? try TestDatabases.sqlite() : try await TestDatabases.postgres()
        do {
            try await body(db)
        } catch {
            await db.close()
            throw error
        }
        await db.close()
    }

    /// The PostgreSQL test driver wraps `PostgresDriver` (to set a schema), so it does not
    /// conform to `RecordRowDecoding` itself; PostgreSQL readers get the decoder explicitly.
    static func decoder(for db: DatabaseConnection) -> (any RecordRowDecoding)? {
        db.driver.family == .postgres ? PostgresDriver() : nil
    }

    static func reader(_ db: DatabaseConnection, _ query: String, params: [RecordValue] = [], key: [String] = [],
                       fetchSize: Int = 500, name: String = "sql.reader") throws -> SQLItemReader {
        try SQLItemReader(db, query: query, params: params, key: key, fetchSize: fetchSize, name: name, decoder: decoder(for: db))
    }

    /// `items(id, grp, name)` with ids 1...rowCount, `grp` = "g" + id % 7, `name` = "row " + id.
    static func createItems(_ db: DatabaseConnection) async throws {
        try await db.withConnection { sql in
            try await sql.raw("CREATE TABLE items (id INTEGER PRIMARY KEY, grp TEXT NOT NULL, name TEXT NOT NULL)").run()
            try await sql.raw("""
                INSERT INTO items (id, grp, name)
                WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < \(literal: rowCount))
                SELECT i, 'g' || CAST(i % 7 AS TEXT), 'row ' || CAST(i AS TEXT) FROM c
                """).run()
        }
    }

    static func item(_ id: Int) -> Record {
        Record(names: ["id", "grp", "name"], values: [.int(id), .string("g\(id % 7)"), .string("row \(id)")])
    }

    static let byId: [Record] = (1...rowCount).map(item)
    static let byGroupThenId: [Record] = (1...rowCount).sorted { ($0 % 7, $0) < ($1 % 7, $1) }.map(item)

    /// Reads to the end, alternating batch reads and single reads, checking that the reader
    /// never holds more than a page.
    static func readAll(_ reader: SQLItemReader, batch: Int = 100) async throws -> [Record] {
        var out: [Record] = []
        var more = true
        var single = false
        while more {
            if single {
                if let record = try await reader.read() { out.append(record) } else { more = false }
            } else {
                var buffer: [Record] = []
                more = try await reader.read(into: &buffer, limit: batch)
                out.append(contentsOf: buffer)
            }
            single.toggle()
            #expect(reader.rowsHeld <= reader.fetchSize)
        }
        return out
    }

    // MARK: Value types

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresValueTypesRoundTrip() async throws {
        try await Self.withDatabase(.postgres) { db in
            let exact = try #require(Decimal(string: "12345678901234567.891"))
            try await db.withConnection { sql in
                try await sql.raw("""
                    CREATE TABLE types (id INTEGER PRIMARY KEY, i8 BIGINT, i2 SMALLINT, f8 DOUBLE PRECISION, f4 REAL,
                    dec NUMERIC(30, 3), big NUMERIC, txt TEXT, vc VARCHAR(60), flag BOOLEAN, day DATE,
                    ts TIMESTAMP(3), tstz TIMESTAMPTZ, raw BYTEA, uid UUID)
                    """).run()
                try await sql.raw("""
                    INSERT INTO types VALUES (1, \(bind: Int.max), -12, \(bind: 0.1), 1.5, \(bind: exact),
                    CAST('-98765432109876543210.0123456789' AS NUMERIC), \(bind: "Grüße, 世界 🌍 'q' \"dq\""), 'plain',
                    TRUE, DATE '2024-02-29', TIMESTAMP '2024-02-29 13:45:10.123', TIMESTAMPTZ '2024-02-29 13:45:10.123+00',
                    \(bind: Data([0, 1, 127, 128, 255])), 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')
                    """).run()
                try await sql.raw("""
                    INSERT INTO types (id) VALUES (2)
                    """).run()
                try await sql.raw("""
                    INSERT INTO types (id, i8, dec, big, txt, flag, day, ts, raw) VALUES (3, \(bind: Int.min), -0.001,
                    100000000000000000000, '', FALSE, DATE '1900-03-01', TIMESTAMP '1969-12-31 23:59:59.999', '')
                    """).run()
            }
            let reader = try Self.reader(db, "SELECT * FROM types", key: ["id"])
            let rows = try await Self.readAll(reader)
            try #require(rows.count == 3)
            let names = ["id", "i8", "i2", "f8", "f4", "dec", "big", "txt", "vc", "flag", "day", "ts", "tstz", "raw", "uid"]
            #expect(rows.allSatisfy { $0.names == names })

            let first = rows[0]
            #expect(first["i8"] == .int(Int.max))
            #expect(first["i2"] == .int(-12))
            #expect(first["f8"] == .double(0.1))
            #expect(first["f4"] == .double(1.5))
            #expect(first["dec"] == .decimal(exact))
            #expect(first["dec"]?.description == "12345678901234567.891")
            #expect(first["big"] == .decimal(try #require(Decimal(string: "-98765432109876543210.0123456789"))))
            #expect(first["txt"] == .string("Grüße, 世界 🌍 'q' \"dq\""))
            #expect(first["vc"] == .string("plain"))
            #expect(first["flag"] == .bool(true))
            #expect(first["day"] == .date(try #require(CalendarDate("2024-02-29"))))
            let instant = Date(timeIntervalSince1970: 1_709_214_310.123)
            #expect(first["ts"] == .timestamp(instant))
            #expect(first["tstz"] == .timestamp(instant))
            #expect(first["ts"]?.description == "2024-02-29T13:45:10.123Z")
            #expect(first["raw"] == .bytes([0, 1, 127, 128, 255]))
            #expect(first["uid"] == .string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))

            #expect(rows[1].values == [.int(2)] + Array(repeating: RecordValue.null, count: names.count - 1))

            let third = rows[2]
            #expect(third["i8"] == .int(Int.min))
            #expect(third["dec"] == .decimal(try #require(Decimal(string: "-0.001"))))
            #expect(third["big"] == .decimal(try #require(Decimal(string: "100000000000000000000"))))
            #expect(third["txt"] == .string(""))
            #expect(third["flag"] == .bool(false))
            #expect(third["day"] == .date(try #require(CalendarDate("1900-03-01"))))
            #expect(third["ts"]?.description == "1969-12-31T23:59:59.999Z")
            #expect(third["raw"] == .bytes([]))
        }
    }

    @Test func sqliteValueTypesRoundTrip() async throws {
        try await Self.withDatabase(.sqlite) { db in
            let instant = Date(timeIntervalSince1970: 1_709_214_310.123)
            try await db.withConnection { sql in
                try await sql.raw("""
                    CREATE TABLE types (id INTEGER PRIMARY KEY, i INTEGER, f REAL, t TEXT, b BLOB, flag BOOLEAN,
                    day DATE, ts TIMESTAMP, dec TEXT)
                    """).run()
                try await sql.raw("""
                    INSERT INTO types VALUES (1, \(bind: Int.min), \(bind: 0.1), \(bind: "Grüße, 世界 🌍 'q'"),
                    \(bind: Data([0, 1, 127, 128, 255])), \(bind: true), '2024-02-29', \(bind: instant), '12345678901234567.891')
                    """).run()
                try await sql.raw("INSERT INTO types (id) VALUES (2)").run()
            }
            let rows = try await Self.readAll(try Self.reader(db, "SELECT * FROM types", key: ["id"]))
            try #require(rows.count == 2)
            // SQLite has storage classes, not column types: booleans are integers, dates and
            // decimals text, and SQLKit binds a Date as seconds since 1970 (REAL).
            #expect(rows[0] == Record([
                ("id", .int(1)), ("i", .int(Int.min)), ("f", .double(0.1)), ("t", .string("Grüße, 世界 🌍 'q'")),
                ("b", .bytes([0, 1, 127, 128, 255])), ("flag", .int(1)), ("day", .string("2024-02-29")),
                ("ts", .double(instant.timeIntervalSince1970)), ("dec", .string("12345678901234567.891")),
            ]))
            #expect(rows[1].values == [.int(2)] + Array(repeating: RecordValue.null, count: 8))
        }
    }

    /// Every `RecordValue` bound as a parameter comes back with its type on PostgreSQL.
    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresEveryParameterTypeRoundTrips() async throws {
        try await Self.withDatabase(.postgres) { db in
            let values: [RecordValue] = [
                .null, .bool(true), .int(-42), .double(2.5), .decimal(try #require(Decimal(string: "12345678901234567.891"))),
                .string("naïve ☕"), .date(try #require(CalendarDate("2024-02-29"))),
                .timestamp(Date(timeIntervalSince1970: 1_709_214_310.5)), .bytes([9, 0, 255]),
            ]
            for value in values {
                let rows = try await Self.readAll(try Self.reader(db, "SELECT ? AS v", params: [value]))
                #expect(rows == [Record([("v", value)])], "\(value.typeName)")
            }
        }
    }

    @Test func sqliteEveryParameterTypeBinds() async throws {
        try await Self.withDatabase(.sqlite) { db in
            let stamp = Date(timeIntervalSince1970: 1_709_214_310.5)
            let cases: [(RecordValue, RecordValue)] = [
                (.null, .null), (.bool(true), .int(1)), (.int(-42), .int(-42)), (.double(2.5), .double(2.5)),
                (.decimal(try #require(Decimal(string: "12345678901234567.891"))), .string("12345678901234567.891")),
                (.string("naïve ☕"), .string("naïve ☕")), (.date(try #require(CalendarDate("2024-02-29"))), .string("2024-02-29")),
                (.timestamp(stamp), .double(stamp.timeIntervalSince1970)), (.bytes([9, 0, 255]), .bytes([9, 0, 255])),
            ]
            for (value, stored) in cases {
                let rows = try await Self.readAll(try Self.reader(db, "SELECT ? AS v", params: [value]))
                #expect(rows == [Record([("v", stored)])], "\(value.typeName)")
            }
        }
    }

    // MARK: Paging

    static func pagingReadsEveryRowOnce(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            try await createItems(db)
            let modes: [(String, [String], [Record])] = [
                ("SELECT id, grp, name FROM items ORDER BY id", [], byId),
                ("SELECT id, grp, name FROM items", ["id"], byId),
                ("SELECT id, grp, name FROM items ORDER BY name DESC", ["grp", "id"], byGroupThenId),
            ]
            for (query, key, expected) in modes {
                let reader = try Self.reader(db, query, key: key, fetchSize: 500)
                try await reader.open(ExecutionContext())
                let rows = try await readAll(reader, batch: 137)
                #expect(rows.count == expected.count, "key \(key)")
                #expect(rows == expected, "key \(key)")
                // 20 full pages and one of 7 rows, which ends the input without another query.
                #expect(reader.pagesFetched == 21, "key \(key)")
                #expect(reader.largestPage == 500, "key \(key)")
                #expect(try await reader.read() == nil)
                try await reader.close()
            }
        }
    }

    @Test func sqlitePagingReadsEveryRowOnceInOrder() async throws { try await Self.pagingReadsEveryRowOnce(.sqlite) }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresPagingReadsEveryRowOnceInOrder() async throws { try await Self.pagingReadsEveryRowOnce(.postgres) }

    @Test func anExactMultipleOfTheFetchSizeEndsWithOneEmptyPage() async throws {
        try await Self.withDatabase(.sqlite) { db in
            try await Self.createItems(db)
            let reader = try Self.reader(db, "SELECT id, grp, name FROM items WHERE id <= 1000", key: ["id"], fetchSize: 250)
            let rows = try await Self.readAll(reader)
            #expect(rows == Array(Self.byId.prefix(1000)))
            #expect(reader.pagesFetched == 5)
            #expect(reader.largestPage == 250)
        }
    }

    // MARK: Parameters

    static func parameters(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            try await createItems(db)
            let query = """
                SELECT id, grp, name, '?' AS mark FROM items -- which rows? these:
                WHERE grp = ? AND id > ? /* and not "?" */ AND name <> 'it''s ?'
                """
            let reader = try Self.reader(db, query, params: ["g3", 5000], key: ["id"], fetchSize: 100)
            let rows = try await readAll(reader)
            let expected = (5001...rowCount).filter { $0 % 7 == 3 }.map(item)
            #expect(!expected.isEmpty)
            #expect(rows.map { Record(names: Array($0.names.prefix(3)), values: Array($0.values.prefix(3))) } == expected)
            #expect(rows.allSatisfy { $0["mark"] == .string("?") })

            let hostile = try Self.reader(db, "SELECT id, grp, name FROM items WHERE name = ?", params: ["'; DROP TABLE items; --"])
            #expect(try await readAll(hostile).isEmpty)
            let count = try await db.withConnection { sql in try await sql.raw("SELECT COUNT(*) AS n FROM items").first()?.decode(column: "n", as: Int.self) }
            #expect(count == rowCount)

            let none = try Self.reader(db, "SELECT id, grp, name FROM items WHERE name = ?", params: [.null])
            #expect(try await readAll(none).isEmpty)
        }
    }

    @Test func sqliteParametersBindPositionally() async throws { try await Self.parameters(.sqlite) }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresParametersBindPositionally() async throws { try await Self.parameters(.postgres) }

    // MARK: Restart

    static func restartResumesAfterTheLastRowHandedOut(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            try await createItems(db)
            let modes: [(String, [String], [Record])] = [
                ("SELECT id, grp, name FROM items ORDER BY id", [], byId),
                ("SELECT id, grp, name FROM items", ["grp", "id"], byGroupThenId),
            ]
            for (query, key, expected) in modes {
                let first = try Self.reader(db, query, key: key, fetchSize: 500)
                try await first.open(ExecutionContext())
                var head: [Record] = []
                #expect(try await first.read(into: &head, limit: 3333))
                var context = ExecutionContext()
                try await first.update(&context)
                try await first.close()
                #expect(context[key.isEmpty ? first.offsetKey : first.keysetKey] != nil)

                // The repository stores the context as JSON.
                let stored = try ExecutionContext(json: try context.json())
                let second = try Self.reader(db, query, key: key, fetchSize: 500)
                try await second.open(stored)
                let tail = try await readAll(second)
                #expect(head.count == 3333)
                #expect(head + tail == expected, "key \(key)")
                // update before any read keeps the restored position.
                let third = try Self.reader(db, query, key: key, fetchSize: 500)
                try await third.open(stored)
                var again = ExecutionContext()
                try await third.update(&again)
                #expect(again == context)
            }
        }
    }

    @Test func sqliteRestartResumesExactly() async throws { try await Self.restartResumesAfterTheLastRowHandedOut(.sqlite) }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresRestartResumesExactly() async throws { try await Self.restartResumesAfterTheLastRowHandedOut(.postgres) }

    @Test func twoReadersKeepTheirStateApart() async throws {
        try await Self.withDatabase(.sqlite) { db in
            try await Self.createItems(db)
            let a = try SQLItemReader.keyset(db, query: "SELECT id, grp, name FROM items", key: ["id"], name: "orders")
            let b = try Self.reader(db, "SELECT id, grp, name FROM items ORDER BY id", name: "customers")
            try await a.open(ExecutionContext())
            try await b.open(ExecutionContext())
            var buffer: [Record] = []
            _ = try await a.read(into: &buffer, limit: 10)
            buffer = []
            _ = try await b.read(into: &buffer, limit: 20)
            var context = ExecutionContext()
            try await a.update(&context)
            try await b.update(&context)
            #expect(context["orders.key"] == [10])
            #expect(context["customers.offset"] == 20)
        }
    }

    @Test func keyValuesOfEveryTypeSurviveTheContextJSON() throws {
        let values: [RecordValue] = [
            .null, .bool(false), .int(Int.min), .double(-0.1), .decimal(try #require(Decimal(string: "-12345678901234567.891"))),
            .string("ü \"x\""), .date(try #require(CalendarDate("0001-01-01"))),
            .timestamp(Date(timeIntervalSinceReferenceDate: 730_000_000.123456)), .bytes([0, 255]),
        ]
        let context = ExecutionContext(["k": .array(try values.map { try KeysetState.encode($0, reader: "r") })])
        let restored = try #require(try ExecutionContext(json: try context.json())["k"]?.arrayValue)
        #expect(try restored.map { try KeysetState.decode($0, reader: "r") } == values)
    }

    // MARK: A job

    static func jobFailsOnceThenCompletesExactlyOnce(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            try await createItems(db)
            for key in [[], ["id"]] as [[String]] {
                let faults = FaultInjector(["write:4000"])
                let writer = TransactionalListWriter<Record>(failure: { record in
                    guard case .int(let id)? = record["id"] else { return nil }
                    return (try? faults.check("write:\(id)")) == nil ? BatchError(.io, "injected write failure at row \(id)") : nil
                })
                let query = key.isEmpty ? "SELECT id, grp, name FROM items ORDER BY id" : "SELECT id, grp, name FROM items"
                let step = ChunkStep<Record, Record>(
                    "copy", chunkSize: 100,
                    reader: { _ in try Self.reader(db, query, key: key, fetchSize: 500) },
                    writer: { _ in writer }
                ).transactionManager(InMemoryTransactionManager())
                let job = try Job("sql-read-\(key.isEmpty ? "offset" : "keyset")", steps: [step])
                let repository = InMemoryJobRepository()
                let op = JobOperator(repository: repository, configuration: .quiet)

                let first = try await op.start(job)
                #expect(first.status == .failed)
                #expect(faults.remaining("write:4000") == 0)
                #expect(writer.items == Array(byId.prefix(3900)))

                let second = try await op.start(job)
                #expect(second.status == .completed)
                #expect(second.instanceId == first.instanceId)
                #expect(writer.items.count == rowCount)
                #expect(writer.items == byId)
                let steps = try await repository.stepExecutions(jobExecutionId: second.id)
                #expect(steps.first?.counters.readCount == rowCount - 3900)
            }
        }
    }

    @Test func sqliteJobRestartsExactlyOnce() async throws { try await Self.jobFailsOnceThenCompletesExactlyOnce(.sqlite) }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresJobRestartsExactlyOnce() async throws { try await Self.jobFailsOnceThenCompletesExactlyOnce(.postgres) }

    // MARK: Decoders

    @Test func driversProvideRecordDecoders() {
        #expect((SQLiteDriver() as any DatabaseDriver) is any RecordRowDecoding)
        #expect((PostgresDriver() as any DatabaseDriver) is any RecordRowDecoding)
    }

    static func genericDecoderReadsCommonTypes(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            try await createItems(db)
            let reader = try SQLItemReader(db, query: "SELECT id, grp, name, id * 0.5 AS half, NULL AS absent FROM items WHERE id <= 300",
                                           key: ["id"], fetchSize: 100, decoder: GenericRecordRowDecoder())
            let rows = try await readAll(reader)
            #expect(rows.map { Record(names: Array($0.names.prefix(3)), values: Array($0.values.prefix(3))) } == Array(byId.prefix(300)))
            #expect(rows.allSatisfy { $0["absent"] == .null })
            // SQLite: REAL; PostgreSQL: numeric.
            let half = rows[2]["half"]
            #expect(half == .double(1.5) || half == .decimal(1.5))
        }
    }

    @Test func sqliteGenericDecoderFallback() async throws { try await Self.genericDecoderReadsCommonTypes(.sqlite) }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresGenericDecoderFallback() async throws { try await Self.genericDecoderReadsCommonTypes(.postgres) }

    // MARK: Errors

    static func errors(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            try await createItems(db)
            let bad = "SELECT id, grp, name FROM no_such_table WHERE id > 0 AND name <> 'a long literal that goes past eighty characters'"
            let reader = try Self.reader(db, bad)
            let error = try await #require(throws: BatchError.self) { _ = try await reader.read() }
            #expect(error.message.contains(String(bad.prefix(80)) + "…"))
            #expect(error.message.contains("sql.reader"))

            // A key column the query does not return: the database refuses the ORDER BY.
            let missing = try Self.reader(db, "SELECT grp, name FROM items", key: ["id"])
            let noKey = try await #require(throws: BatchError.self) { _ = try await missing.read() }
            #expect(noKey.message.contains("\"SELECT grp, name FROM items\""))
            if backend == .sqlite {
                // SQLite matches "ID" to the column id, whose name in the result differs.
                let wrongCase = try Self.reader(db, "SELECT id, grp, name FROM items", key: ["ID"])
                let mismatch = try await #require(throws: BatchError.self) { _ = try await wrongCase.read() }
                #expect(mismatch.category == .validation)
                #expect(mismatch.message.contains("'ID' is not in the query's result"))
            }

            let nullKey = try Self.reader(db, "SELECT id, CASE WHEN id = 7 THEN NULL ELSE grp END AS g FROM items", key: ["g", "id"])
            let nulls = try await #require(throws: BatchError.self) { _ = try await readAll(nullKey) }
            #expect(nulls.category == .validation)
            #expect(nulls.message.contains("NULL"))
        }
    }

    @Test func sqliteErrorsNameTheQuery() async throws { try await Self.errors(.sqlite) }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresErrorsNameTheQuery() async throws { try await Self.errors(.postgres) }

    @Test func wrongParameterCountIsRejectedBeforeRunning() async throws {
        // A database that cannot be opened: the reader must fail without touching it.
        let db = try DatabaseConnection(name: "nowhere", url: DatabaseURL(scheme: "postgres", host: "127.0.0.1", port: 1, database: "x"),
                                        driver: PostgresDriver())
        let error = #expect(throws: BatchError.self) {
            try SQLItemReader(db, query: "SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?", params: [1])
        }
        #expect(error?.category == .validation)
        #expect(error?.message.contains("2 '?' placeholder(s) but 1 param(s)") == true)
        #expect(throws: BatchError.self) { try SQLItemReader(db, query: "SELECT 1", params: [1]) }
        #expect(throws: BatchError.self) { try SQLItemReader(db, query: "SELECT 1", fetchSize: 0) }
        #expect(throws: BatchError.self) { try SQLItemReader(db, query: "SELECT 1", key: ["a", "a"]) }
        #expect(throws: BatchError.self) { try SQLItemReader.keyset(db, query: "SELECT 1", key: []) }
        #expect(throws: BatchError.self) { try SQLItemReader(db, query: " ; ") }
        await db.close()
    }

    @Test func placeholdersOutsideQuotesAndComments() {
        #expect(SQLPlaceholders.split("SELECT ? , '?', \"?\", `?` -- ?\n /* ? */ ?").count == 3)
        #expect(SQLPlaceholders.split("SELECT $$ ? $$, $tag$ ' ? $tag$, $1, ?").count == 2)
        #expect(SQLPlaceholders.split("SELECT E'\\' ?', 'it''s ?', ?").count == 2)
        #expect(SQLPlaceholders.split("SELECT 'a\\' ?', ?", backslashEscapes: true).count == 2)
        #expect(SQLPlaceholders.split("a ? b ? c") == ["a ", " b ", " c"])
        #expect(SQLPlaceholders.split("é?ü") == ["é", "ü"])
    }
}
