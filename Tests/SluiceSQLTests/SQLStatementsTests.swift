import Foundation
import SQLKit
import Sluice
import SluiceSQL
import Testing

/// The databases the statement and tasklet tests run on, and small query helpers.
enum StatementsFixture {
    enum Backend: String, Sendable {
        case sqlite, postgres
    }

    /// Runs `body` on a fresh database of `backend`, closing it afterwards (also on failure).
    static func with(_ backend: Backend, _ body: (DatabaseConnection) async throws -> Void) async throws {
        let database: DatabaseConnection
        if backend == .sqlite { database = try TestDatabases.sqlite() } else { database = try await TestDatabases.postgres() }
        do { try await body(database) } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// Runs statements (DDL, setup) outside any tasklet.
    static func exec(_ database: DatabaseConnection, _ statements: SQLQueryString...) async throws {
        try await database.withConnection { db in
            for statement in statements { try await db.raw(statement).run() }
        }
    }

    /// The integer in column `n` of the first row of `query`.
    static func int(_ database: DatabaseConnection, _ query: SQLQueryString) async throws -> Int {
        try await database.withConnection { db in
            guard let row = try await db.raw(query).first() else { throw BatchError(.io, "no row") }
            return try row.decode(column: "n", as: Int.self)
        }
    }

    static func rows(_ database: DatabaseConnection, _ query: SQLQueryString) async throws -> [any SQLRow] {
        try await database.withConnection { db in try await db.raw(query).all() }
    }

    /// Whether the table exists: a `SELECT` from it succeeds.
    static func tableExists(_ database: DatabaseConnection, _ name: String) async -> Bool {
        (try? await int(database, "SELECT COUNT(*) AS n FROM \(ident: name)")) != nil
    }

    /// The error `body` throws, as a BatchError (nil when it throws nothing or something else).
    static func batchError(_ body: () async throws -> Void) async -> BatchError? {
        do {
            try await body()
            return nil
        } catch let error as BatchError {
            return error
        } catch {
            Issue.record("expected a BatchError, got \(type(of: error)): \(error)")
            return nil
        }
    }
}

private typealias F = StatementsFixture

@Suite struct SQLStatementsTests {

    // MARK: Hostile values

    /// Values that would break or change a statement if they were pasted into SQL.
    static let hostileValueList: [String] = [
        "it's", "''", "'; DROP TABLE x; --", "'); DROP TABLE victim; --", "/* not a comment */", "*/ SELECT 1; /*",
        "back\\slash", "\\'; DROP TABLE x; --", "\\", "\\\\'", "\"double\" \"\"", "`tick`", "-- dash", "$1 ?1 ? :name @p",
        "$$ dollar $tag$", "emoji 🎉 👩‍👩‍👧‍👦 𝄞 \u{10FFFF}", "", " ", "\n\r\t", "ünïcødé 表 Ω", "%s %d %@ {}",
        String(repeating: "0123456789'\\\"; -- /*", count: 52_429),  // 1 MB and a bit
    ]

    @Test func hostileValuesSQLite() async throws { try await F.with(.sqlite, hostileValues) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func hostileValuesPostgres() async throws { try await F.with(.postgres, hostileValues) }

    func hostileValues(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE x (n BIGINT)", "INSERT INTO x VALUES (1)",
                         "CREATE TABLE victim (n BIGINT)", "INSERT INTO victim VALUES (1)",
                         "CREATE TABLE hostile (id BIGINT PRIMARY KEY, v TEXT)")
        #expect(Self.hostileValueList.last!.utf8.count > 1_048_576)
        let rows = Self.hostileValueList.enumerated().map { [RecordValue.int($0.offset), .string($0.element)] }
        let inserted = try await db.withStatements { try await $0.insert(into: "hostile", columns: ["id", "v"], rows: rows) }
        #expect(inserted == Self.hostileValueList.count)

        let stored = try await F.rows(db, "SELECT id, v FROM hostile ORDER BY id")
        #expect(stored.count == Self.hostileValueList.count)
        for row in stored {
            let id = try row.decode(column: "id", as: Int.self)
            let value = try row.decode(column: "v", as: String.self)
            #expect(value == Self.hostileValueList[id], "value \(id) changed")
        }

        // As upsert values and as keyset positions, too.
        try await db.withStatements { s in
            try await s.upsert(into: "hostile", columns: ["id", "v"], rows: [[0, "'; DROP TABLE victim; --"]], conflict: ["id"])
            let page = try await s.keysetPage(query: "SELECT id, v FROM hostile", keys: ["v", "id"],
                                              after: [.string("'; DROP TABLE x; --"), .int(-1)], limit: 5)
            #expect(page.count == 5)
        }
        #expect(try await F.rows(db, "SELECT v FROM hostile WHERE id = 0").first?.decode(column: "v", as: String.self)
            == "'; DROP TABLE victim; --")

        // The tables an injection would have dropped are still there, untouched.
        #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM x") == 1)
        #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM victim") == 1)
    }

    @Test func nulInTextIsStoredVerbatimBySQLite() async throws {
        try await F.with(.sqlite) { db in
            try await F.exec(db, "CREATE TABLE hostile (id BIGINT PRIMARY KEY, v TEXT)")
            try await db.withStatements { try await $0.insert(into: "hostile", columns: ["id", "v"], rows: [[1, "a\u{0}b"], [2, "\u{0}"]]) }
            // SQLite keeps every byte (read as hex: sqlite-nio reads text through C strings, which end at NUL).
            let hex = try await F.rows(db, "SELECT id, hex(v) AS h FROM hostile ORDER BY id").map { try $0.decode(column: "h", as: String.self) }
            #expect(hex == ["610062", "00"])
        }
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable)) func nulInTextIsRejectedByPostgresAndNothingIsWritten() async throws {
        try await F.with(.postgres) { db in
            try await F.exec(db, "CREATE TABLE hostile (id BIGINT PRIMARY KEY, v TEXT)")
            // Through the bulk statements: refused before anything runs, naming row and column.
            let error = await F.batchError {
                _ = try await db.withStatements { s in
                    try await s.insert(into: "hostile", columns: ["id", "v"], rows: [[1, "fine"], [2, "a\u{0}b"]])
                }
            }
            #expect(error?.category == .validation)
            #expect(error?.message.contains("row 2, column \"v\"") == true)
            #expect(error?.message.contains("NUL") == true)
            #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM hostile") == 0)

            // PostgreSQL's own refusal, when the value is bound directly, is classified the same way.
            let raw = await F.batchError {
                try await db.transaction { sql in
                    try await sql.raw("INSERT INTO hostile (id, v) VALUES (1, 'fine')").run()
                    try await sql.raw("INSERT INTO hostile (id, v) VALUES (2, \(bind: "a\u{0}b"))").run()
                }
            }
            #expect(raw?.category == .validation)
            #expect(raw?.message.contains("22021") == true)
            #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM hostile") == 0)
        }
    }

    // MARK: Hostile names

    /// Legal, if unkind, table and column names.
    static let hostileNameList = [
        "we\"ird", "sp ace", "semi;colon", "dash--dash", "ünï_表", "back`tick", "x\"; DROP TABLE x; --", "[br]",
        "'single'", "a.b", "SELECT", "/*c*/", String(repeating: "表", count: 21),
    ]

    @Test func hostileNamesSQLite() async throws { try await F.with(.sqlite, hostileNames) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func hostileNamesPostgres() async throws { try await F.with(.postgres, hostileNames) }

    func hostileNames(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE x (n BIGINT)", "INSERT INTO x VALUES (1)")
        let names = Self.hostileNameList
        #expect(names.last!.utf8.count == SQLIdentifiers.maxBytes)
        let table = try SQLTableName("tab\"le; DROP TABLE x; --")
        let columns = try names.map { try SQLName($0, kind: "column") }
        let definitions = columns.enumerated().map { i, c in
            "\(c) \(unsafeRaw: i == 0 ? "TEXT PRIMARY KEY" : "TEXT")" as SQLQueryString
        }
        try await F.exec(db, "CREATE TABLE \(table) (" + definitions.joined(separator: ", ") + ")")
        let rows: [[RecordValue]] = (0..<3).map { r in names.map { .string("\($0)#\(r)") } }
        try await db.withStatements { s in
            try await s.insert(into: table, columns: names, rows: rows)
            // Upsert and keyset paging with the same names.
            try await s.upsert(into: table, columns: [names[0], names[1]], rows: [[.string("\(names[0])#1"), "updated"]], conflict: [names[0]])
            let page = try await s.keysetPage(query: "SELECT * FROM \(table)", keys: [names[0]], after: [.string("\(names[0])#0")], limit: 10)
            #expect(page.count == 2)
        }

        let stored = try await F.rows(db, "SELECT \(SQLList(columns.map { $0 as any SQLExpression })) FROM \(table) ORDER BY \(columns[0])")
        #expect(stored.count == 3)
        for (r, row) in stored.enumerated() {
            for name in names {
                let expected = r == 1 && name == names[1] ? "updated" : "\(name)#\(r)"
                #expect(try row.decode(column: name, as: String.self) == expected, "column \(name)")
            }
        }
        #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM x") == 1)
    }

    @Test func schemaQualifiedNamesSQLite() async throws {
        try await F.with(.sqlite) { db in
            let table = try SQLTableName("main.\"dotted.ta\"\"ble\"", qualified: true)
            #expect(table.schema?.string == "main")
            #expect(table.table.string == "dotted.ta\"ble")
            try await F.exec(db, "CREATE TABLE \(table) (id BIGINT PRIMARY KEY, v TEXT)")
            try await db.withStatements { try await $0.insert(into: table, columns: ["id", "v"], rows: [[1, "one"]]) }
            #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM \(ident: "dotted.ta\"ble")") == 1)
        }
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable)) func schemaQualifiedNamesPostgres() async throws {
        try await F.with(.postgres) { db in
            try await F.exec(db, "CREATE SCHEMA \(ident: "we\"ird.schema")")
            let table = try SQLTableName("\"we\"\"ird.schema\".\"dotted.table\"", qualified: true)
            #expect(table.schema?.string == "we\"ird.schema")
            #expect(table.table.string == "dotted.table")
            try await F.exec(db, "CREATE TABLE \(table) (id BIGINT PRIMARY KEY, v TEXT)")
            try await db.withStatements { try await $0.insert(into: table, columns: ["id", "v"], rows: [[1, "one"], [2, "two"]]) }
            #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM \(ident: "we\"ird.schema").\(ident: "dotted.table")") == 2)
            // Unqualified, the same text is one (different) table name: nothing splits it.
            let whole = try SQLTableName("\"we\"\"ird.schema\".\"dotted.table\"")
            #expect(whole.schema == nil)
            #expect(await F.batchError { _ = try await db.withStatements { try await $0.insert(into: whole, columns: ["id"], rows: [[1]]) } }?.category == "sql")  // a missing table: a mistake, not I/O
        }
    }

    @Test func tableNameParsing() async throws {
        func parts(_ text: String, _ qualified: Bool) throws -> [String?] {
            let name = try SQLTableName(text, qualified: qualified)
            return [name.schema?.string, name.table.string]
        }
        #expect(try parts("a.b", false) == [nil, "a.b"])
        #expect(try parts("a.b", true) == ["a", "b"])
        #expect(try parts("a.b.c", true) == ["a", "b.c"])
        #expect(try parts("\"a.b\".c", true) == ["a.b", "c"])
        #expect(try parts("`a.b`.`c`", true) == ["a.b", "c"])
        #expect(try parts("\"we\"\"ird\".\"t.x\"", true) == ["we\"ird", "t.x"])
        #expect(try parts("plain", true) == [nil, "plain"])
        #expect(try parts("\"quoted\"", false) == [nil, "\"quoted\""])
        #expect(try parts("a\"b.c", true) == [nil, "a\"b.c"])  // the quote opens quoting: the dot is inside it
        #expect(throws: BatchError.self) { try SQLTableName(".t", qualified: true) }
        #expect(throws: BatchError.self) { try SQLTableName("s.", qualified: true) }

        // Rendering goes through the dialect's quoting, doubling embedded quotes.
        let db = try TestDatabases.sqlite()
        let sql = try await db.withConnection { sql in
            sql.serialize(try SQLTableName("\"we\"\"ird\".\"t.x\"", qualified: true)).sql
        }
        #expect(sql == "\"we\"\"ird\".\"t.x\"")
        await db.close()
    }

    /// Names no database accepts unchanged, and what the error shows of them.
    static let rejectedNames: [(name: String, shows: String)] = [
        ("", "name is empty"), ("a\u{0}b", #""a\u{0}b" contains a NUL character"#), ("tab\tname", #""tab\tname""#),
        ("new\nline", #""new\nline""#), ("bell\u{7}", #"\u{7}"#), ("del\u{7F}", #"\u{7f}"#), ("c1\u{85}", #"\u{85}"#),
        (String(repeating: "a", count: 64), "64 bytes long"), (String(repeating: "表", count: 22), "66 bytes long"),
    ]

    @Test func invalidNamesAreRejectedBeforeAnySQLRunsSQLite() async throws { try await F.with(.sqlite, invalidNames) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func invalidNamesAreRejectedBeforeAnySQLRunsPostgres() async throws {
        try await F.with(.postgres, invalidNames)
    }

    func invalidNames(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE victim (n BIGINT PRIMARY KEY)", "INSERT INTO victim VALUES (1)")
        for (name, shows) in Self.rejectedNames {
            for kind in ["table", "column"] {
                let error = await F.batchError { _ = try SQLName(name, kind: kind) }
                #expect(error?.category == .validation)
                #expect(error?.message.hasPrefix("\(kind) name") == true, "\(error?.message ?? "no error")")
                #expect(error?.message.contains(shows) == true, "\(error?.message ?? "no error") should show \(shows)")
            }
            #expect(throws: BatchError.self) { try SQLTableName(name) }
            // Against a real table and missing ones: the validation error comes first, so no SQL ran.
            let attempts: [() async throws -> Void] = [
                { try await db.withStatements { _ = try await $0.insert(into: name, columns: ["n"], rows: [[2]]) } },
                { try await db.withStatements { _ = try await $0.insert(into: "victim", columns: [name], rows: [[2]]) } },
                { try await db.withStatements { _ = try await $0.upsert(into: "victim", columns: ["n"], rows: [[2]], conflict: [name]) } },
                { try await db.withStatements { _ = try await $0.upsert(into: "no_such_table", columns: ["n", name], rows: [[2, 3]], conflict: ["n"]) } },
                { try await db.withStatements { _ = try await $0.keysetPage(query: "SELECT * FROM no_such_table", keys: [name], after: nil, limit: 1) } },
            ]
            for attempt in attempts {
                let error = await F.batchError(attempt)
                #expect(error?.category == .validation, "\(name.debugDescription): \(error?.message ?? "no error")")
            }
        }
        #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM victim") == 1)
    }

    // MARK: Chunking

    @Test func smallBindLimitSplitsStatementsSQLite() async throws { try await F.with(.sqlite, smallBindLimit) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func smallBindLimitSplitsStatementsPostgres() async throws {
        try await F.with(.postgres, smallBindLimit)
    }

    func smallBindLimit(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE bulk (id BIGINT PRIMARY KEY, a TEXT, b BIGINT)")
        let rows = (1...1003).map { [RecordValue.int($0), .string("row \($0)"), .int($0 * 7)] }
        let inserted = try await db.transaction { sql in
            let statements = SQLStatements(sql, family: db.driver.family, maxBindParameters: 10, connection: db)
            #expect(statements.rowsPerStatement(columns: 3) == 3)
            return try await statements.insert(into: "bulk", columns: ["id", "a", "b"], rows: rows)
        }
        #expect(inserted == 1003)
        #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM bulk") == 1003)
        #expect(try await F.int(db, "SELECT COUNT(DISTINCT id) AS n FROM bulk") == 1003)
        #expect(try await F.int(db, "SELECT CAST(SUM(id) AS BIGINT) AS n FROM bulk") == 1003 * 1004 / 2)
        let stored = try await F.rows(db, "SELECT id, a, b FROM bulk ORDER BY id")
        #expect(try stored.map { try $0.decode(column: "id", as: Int.self) } == Array(1...1003))
        #expect(try stored.allSatisfy { row in
            let id = try row.decode(column: "id", as: Int.self)
            return try row.decode(column: "a", as: String.self) == "row \(id)" && row.decode(column: "b", as: Int.self) == id * 7
        })
    }

    @Test func driverBindLimitSQLite() async throws { try await F.with(.sqlite, driverBindLimit) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func driverBindLimitPostgres() async throws { try await F.with(.postgres, driverBindLimit) }

    /// More values than one statement can bind, at the driver's real limit: 25,000 × 3 (over
    /// PostgreSQL's 65,535) and 1,500 rows × 100 columns (where the bind limit, not the 1,000-row
    /// cap, sets the statement size).
    func driverBindLimit(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE bulk (id BIGINT PRIMARY KEY, a TEXT, b BIGINT)")
        let rows = (1...25_000).map { [RecordValue.int($0), .string("r\($0)"), .int($0 % 97)] }
        #expect(rows.count * 3 > 65_535)
        #expect(try await db.withStatements { try await $0.insert(into: "bulk", columns: ["id", "a", "b"], rows: rows) } == 25_000)
        #expect(try await F.int(db, "SELECT COUNT(DISTINCT id) AS n FROM bulk") == 25_000)
        #expect(try await F.int(db, "SELECT CAST(SUM(b) AS BIGINT) AS n FROM bulk") == (1...25_000).reduce(0) { $0 + $1 % 97 })

        let columns = (0..<100).map { "c\($0)" }
        try await F.exec(db, "CREATE TABLE wide (" + columns.map { "\(ident: $0) BIGINT" as SQLQueryString }.joined(separator: ", ") + ")")
        let wide = (0..<1_500).map { r in columns.indices.map { RecordValue.int(r * 1000 + $0) } }
        let perStatement = try await db.withStatements { s in
            try await s.insert(into: "wide", columns: columns, rows: wide)
            return s.rowsPerStatement(columns: 100)
        }
        #expect(perStatement == db.driver.maxBindParameters / 100)
        #expect(perStatement < 1_000)
        #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM wide") == 1_500)
        #expect(try await F.int(db, "SELECT CAST(SUM(c99) AS BIGINT) AS n FROM wide") == (0..<1_500).reduce(0) { $0 + $1 * 1000 + 99 })
    }

    @Test func failingChunkIsNamedAndRolledBackSQLite() async throws { try await F.with(.sqlite, failingChunk) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func failingChunkIsNamedAndRolledBackPostgres() async throws {
        try await F.with(.postgres, failingChunk)
    }

    func failingChunk(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE bulk (id BIGINT PRIMARY KEY, a TEXT)")
        var rows = (1...12).map { [RecordValue.int($0), .string("r\($0)")] }
        rows[7][0] = 1  // row 8 repeats id 1: the third statement (rows 7–9) fails
        let error = await F.batchError {
            try await db.transaction { sql in
                let statements = SQLStatements(sql, family: db.driver.family, maxBindParameters: 6, connection: db)
                _ = try await statements.insert(into: "bulk", columns: ["id", "a"], rows: rows)
            }
        }
        #expect(error?.category == .constraint)
        #expect(error?.message.hasPrefix("inserting rows 7–9 of 12 into \"bulk\" failed:") == true, "\(error?.message ?? "")")
        #expect(try await F.int(db, "SELECT COUNT(*) AS n FROM bulk") == 0)
        if db.driver.family == .postgres, let password = try DatabaseURL(TestDatabases.postgresURL ?? "").password {
            #expect(error?.message.contains(password) == false)
        }
    }

    // MARK: Upsert

    @Test func upsertSQLite() async throws { try await F.with(.sqlite, upsert) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func upsertPostgres() async throws { try await F.with(.postgres, upsert) }

    func upsert(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, qty BIGINT)",
                         "CREATE TABLE stock (region TEXT, sku BIGINT, qty BIGINT, note TEXT, PRIMARY KEY (region, sku))",
                         "CREATE TABLE tags (a TEXT, b TEXT, PRIMARY KEY (a, b))")
        try await db.withStatements { s in
            // Single key: updates 3 (twice: the last row wins) and 1, inserts 6.
            try await s.insert(into: "items", columns: ["id", "name", "qty"], rows: (1...5).map { [.int($0), .string("n\($0)"), .int($0)] })
            let written = try await s.upsert(into: "items", columns: ["id", "name", "qty"],
                                             rows: [[3, "three", 30], [6, "six", 60], [3, "THREE", 33], [1, "one", 10]], conflict: ["id"])
            #expect(written == 4)
            // Composite key, listed in another order than the columns.
            try await s.insert(into: "stock", columns: ["region", "sku", "qty", "note"],
                               rows: [["eu", 1, 10, "a"], ["eu", 2, 20, "b"], ["us", 1, 30, "c"]])
            try await s.upsert(into: "stock", columns: ["region", "sku", "qty", "note"],
                               rows: [["eu", 2, 21, "b2"], ["us", 2, 40, "new"], ["us", 1, 31, "c2"]], conflict: ["sku", "region"])
            // Every column a key: existing rows are left alone, new ones inserted, repeats harmless.
            try await s.insert(into: "tags", columns: ["a", "b"], rows: [["x", "1"]])
            #expect(try await s.upsert(into: "tags", columns: ["a", "b"], rows: [["x", "1"], ["x", "2"], ["x", "2"]], conflict: ["a", "b"]) == 3)
        }
        let items = try await F.rows(db, "SELECT id, name, qty FROM items ORDER BY id").map {
            "\(try $0.decode(column: "id", as: Int.self)):\(try $0.decode(column: "name", as: String.self)):\(try $0.decode(column: "qty", as: Int.self))"
        }
        #expect(items == ["1:one:10", "2:n2:2", "3:THREE:33", "4:n4:4", "5:n5:5", "6:six:60"])
        let stock = try await F.rows(db, "SELECT region, sku, qty, note FROM stock ORDER BY region, sku").map {
            "\(try $0.decode(column: "region", as: String.self))/\(try $0.decode(column: "sku", as: Int.self)):\(try $0.decode(column: "qty", as: Int.self)):\(try $0.decode(column: "note", as: String.self))"
        }
        #expect(stock == ["eu/1:10:a", "eu/2:21:b2", "us/1:31:c2", "us/2:40:new"])
        let tags = try await F.rows(db, "SELECT a, b FROM tags ORDER BY a, b").map { try $0.decode(column: "b", as: String.self) }
        #expect(tags == ["1", "2"])

        // Chunked upserts with repeated keys: 200 rows over 50 keys, 4 rows per statement at most.
        let rows = (0..<200).map { i in [RecordValue.int(i % 50), .string("v\(i)"), .int(i)] }
        try await db.transaction { sql in
            let statements = SQLStatements(sql, family: db.driver.family, maxBindParameters: 12, connection: db)
            _ = try await statements.upsert(into: "items", columns: ["id", "name", "qty"], rows: rows, conflict: ["id"])
        }
        let last = try await F.rows(db, "SELECT id, qty FROM items ORDER BY id")
        #expect(last.count == 50)
        #expect(try last.allSatisfy { try $0.decode(column: "qty", as: Int.self) == 150 + $0.decode(column: "id", as: Int.self) })

        // Keys must be columns.
        let error = await F.batchError {
            try await db.withStatements { _ = try await $0.upsert(into: "items", columns: ["id", "name"], rows: [[1, "x"]], conflict: ["qty"]) }
        }
        #expect(error?.category == .validation)
        #expect(error?.message.contains("\"qty\"") == true)
    }

    // MARK: Keyset paging

    @Test func keysetPagingSQLite() async throws { try await F.with(.sqlite, keysetPaging) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func keysetPagingPostgres() async throws { try await F.with(.postgres, keysetPaging) }

    func keysetPaging(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE pages (grp BIGINT, seq BIGINT, payload TEXT, PRIMARY KEY (grp, seq))")
        let all = (0..<2_345).map { (grp: $0 % 7, seq: $0) }
        try await db.withStatements { s in
            _ = try await s.insert(into: "pages", columns: ["grp", "seq", "payload"],
                                   rows: all.shuffled().map { [.int($0.grp), .int($0.seq), .string("p\($0.seq)")] })
        }
        let expected = all.sorted { ($0.grp, $0.seq) < ($1.grp, $1.seq) }.map { [$0.grp, $0.seq] }

        // Composite key, pages of 100.
        var seen: [[Int]] = []
        var after: [RecordValue]? = nil
        var pages = 0
        while true {
            let page = try await db.withConnection { sql in
                try await SQLStatements(sql, on: db).keysetPage(query: "SELECT grp, seq, payload FROM pages", keys: ["grp", "seq"], after: after, limit: 100)
            }
            pages += 1
            let keys = try page.map { [try $0.decode(column: "grp", as: Int.self), try $0.decode(column: "seq", as: Int.self)] }
            #expect(try page.allSatisfy { try $0.decode(column: "payload", as: String.self) == "p\($0.decode(column: "seq", as: Int.self))" })
            seen += keys
            guard page.count == 100, let last = keys.last else { break }
            after = [.int(last[0]), .int(last[1])]
        }
        #expect(pages == 24)
        #expect(seen.count == 2_345)
        #expect(seen == expected)

        // One key, a filtered query as raw text with a trailing semicolon.
        var group: [Int] = []
        var position: [RecordValue]? = nil
        while true {
            let page = try await db.withStatements { s in
                try await s.keysetPage(rawQuery: "SELECT seq AS k FROM pages WHERE grp = 3 ;\n", keys: ["k"], after: position, limit: 50)
            }
            group += try page.map { try $0.decode(column: "k", as: Int.self) }
            guard page.count == 50 else { break }
            position = [.int(group.last!)]
        }
        #expect(group == all.filter { $0.grp == 3 }.map(\.seq))

        // A query with its own bound values: placeholders number on after the inner ones.
        let tail = try await db.withStatements { s in
            try await s.keysetPage(query: "SELECT grp, seq FROM pages WHERE grp >= \(bind: 5) AND seq < \(bind: 100)",
                                   keys: ["grp", "seq"], after: [5, 50], limit: 1000)
        }
        #expect(try tail.map { [try $0.decode(column: "grp", as: Int.self), try $0.decode(column: "seq", as: Int.self)] }
            == expected.filter { $0[1] < 100 && ($0[0] > 5 || ($0[0] == 5 && $0[1] > 50)) })

        // A misspelt key fails instead of paging by a constant; bad positions are refused.
        let misspelt = await F.batchError {
            try await db.withStatements { _ = try await $0.keysetPage(query: "SELECT * FROM pages", keys: ["sqe"], after: [1], limit: 10) }
        }
        #expect(misspelt != nil)
        #expect(misspelt?.message.hasPrefix("reading a keyset page ordered by \"sqe\" failed") == true)
        for bad: [RecordValue] in [[1], [1, nil]] {
            let error = await F.batchError {
                try await db.withStatements { _ = try await $0.keysetPage(query: "SELECT * FROM pages", keys: ["grp", "seq"], after: bad, limit: 10) }
            }
            #expect(error?.category == .validation)
        }
    }
}
