import Foundation
import Logging
import SQLKit
import Sluice
@testable import SluiceSQL
import SluiceSQLite
import SluiceTestSupport
import Testing
#if MySQL
import SluiceMySQL
#endif

/// Without the MySQL trait a `mysql://` URL fails with a message saying how to enable it.
@Suite struct MySQLTraitMessageTests {
    @Test func providerWithoutMySQLSaysHowToEnableIt() throws {
        let provider = DatabaseProvider(drivers: [SQLiteDriver()])
        for scheme in ["mysql", "mariadb"] {
            let error = #expect(throws: BatchError.self) { try provider.register("db", url: "\(scheme)://u:hunter2@127.0.0.1:3306/db") }
            #expect(error?.message.contains("--traits MySQL") == true)
            #expect(error?.message.contains("hunter2") == false)
        }
    }
}

#if MySQL
/// MySQL/MariaDB driver specifics against the real server scripts/test.sh starts (MariaDB):
/// value types, binding, identifiers, error classification, transactions, upsert, bulk load.
@Suite(.enabled(if: TestDatabases.mysqlAvailable)) struct MySQLDriverTests {
    static func with(_ body: (DatabaseConnection) async throws -> Void) async throws {
        let db = try await TestDatabases.mysql()
        do { try await body(db) } catch {
            await db.close()
            throw error
        }
        await db.close()
    }

    static func exec(_ db: DatabaseConnection, _ sql: SQLQueryString) async throws {
        try await db.withConnection { try await $0.raw(sql).run() }
    }

    static func records(_ db: DatabaseConnection, _ sql: SQLQueryString) async throws -> [Record] {
        let rows = try await db.withConnection { try await $0.raw(sql).all() }
        return try db.recordRowDecoder.records(from: rows)
    }

    // MARK: Types

    @Test func valuesRoundTripWithExactTypes() async throws {
        try await Self.with { db in
            try await Self.exec(db, """
                CREATE TABLE t (id BIGINT PRIMARY KEY, small SMALLINT, big BIGINT, ubig BIGINT UNSIGNED, amount DECIMAL(38,10),
                ratio DOUBLE, day DATE, at DATETIME(6), stamp TIMESTAMP(6) NULL, name VARCHAR(100), body TEXT, data BLOB,
                flag BOOLEAN, nothing VARCHAR(10))
                """)
            let instant = Date(timeIntervalSince1970: 1_764_504_000.123456)
            let row: [RecordValue] = [
                .int(1), .int(-32768), .int(Int.min), .int(Int.max), .decimal(Decimal(string: "1234567890123456789012345678.0123456789")!),
                .double(0.1 + 0.2), .date(CalendarDate(year: 2026, month: 2, day: 28)!), .timestamp(instant), .timestamp(instant),
                .string("Grüße 😀 𝄞 漢字"), .string(String(repeating: "long text ", count: 5000) + "🎉"),
                .bytes([0, 1, 2, 255, 254, 0x5C, 0x27, 0x0A]), .bool(true), .null,
            ]
            let columns = ["id", "small", "big", "ubig", "amount", "ratio", "day", "at", "stamp", "name", "body", "data", "flag", "nothing"]
            try await db.withStatements { try await $0.insert(into: "t", columns: columns, rows: [row]) }
            let back = try #require(try await Self.records(db, "SELECT * FROM t").first)
            #expect(back.names == columns)
            #expect(back["id"] == .int(1))
            #expect(back["small"] == .int(-32768))
            #expect(back["big"] == .int(Int.min))
            #expect(back["ubig"] == .int(Int.max))
            #expect(back["amount"] == .decimal(Decimal(string: "1234567890123456789012345678.0123456789")!))
            #expect(back["ratio"] == .double(0.1 + 0.2))
            #expect(back["day"] == .date(CalendarDate(year: 2026, month: 2, day: 28)!))
            #expect(back["at"] == .timestamp(instant))
            #expect(back["stamp"] == .timestamp(instant))
            #expect(back["name"] == .string("Grüße 😀 𝄞 漢字"))
            #expect(back["body"] == row[10])
            #expect(back["data"] == .bytes([0, 1, 2, 255, 254, 0x5C, 0x27, 0x0A]))
            #expect(back["flag"] == .int(1))
            #expect(back["nothing"] == .null)
        }
    }

    @Test func unsignedBeyondIntAndDecimalsStayExact() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE n (u BIGINT UNSIGNED, d DECIMAL(20,2), wide DECIMAL(65,0))")
            try await Self.exec(db, "INSERT INTO n VALUES (18446744073709551615, \(bind: Decimal(string: "0.10")!), NULL)")
            try await Self.exec(db, "INSERT INTO n VALUES (1, \(bind: Decimal(string: "0.20")!), NULL)")
            let sum = try #require(try await Self.records(db, "SELECT MAX(u) AS u, SUM(d) AS s FROM n").first)
            #expect(sum["u"] == .decimal(Decimal(string: "18446744073709551615")!))
            #expect(sum["s"] == .decimal(Decimal(string: "0.30")!))
            // Through SQLKit's typed decoding too: decimal text, never a Double.
            let row = try await db.withConnection { try await $0.raw("SELECT SUM(d) AS s FROM n").first() }
            #expect(try row?.decode(column: "s", as: Decimal.self) == Decimal(string: "0.3"))
            #expect(try row?.decode(column: "s", as: String.self) == "0.30")
            // More digits than Decimal holds: refused, never rounded.
            try await Self.exec(db, "UPDATE n SET wide = 12345678901234567890123456789012345678901234567890")
            let error = await #expect(throws: BatchError.self) { _ = try await Self.records(db, "SELECT wide FROM n") }
            #expect(error?.message.contains("38 significant digits") == true)
        }
    }

    @Test func hostileStringsAreValuesAndIdentifiersNeverSQL() async throws {
        try await Self.with { db in
            let table = "we`ird \"table\"; DROP TABLE x; --"
            let column = "co`l'umn\\"
            let name = try SQLName(table)
            let col = try SQLName(column)
            try await Self.exec(db, "CREATE TABLE \(name) (id BIGINT PRIMARY KEY, \(col) TEXT)")
            let hostile = ["'; DROP TABLE users; --", "\\", "\\'", "\"", "`", "a\u{0}b", "?", "%s %d", "\u{1F4A9}", "line\nbreak\ttab"]
            let rows = hostile.enumerated().map { [RecordValue.int($0.offset), .string($0.element)] }
            try await db.withStatements { try await $0.insert(into: table, columns: ["id", column], rows: rows) }
            let back = try await Self.records(db, "SELECT \(col) FROM \(name) ORDER BY id")
            #expect(back.map { $0[column] } == hostile.map(RecordValue.string))
            let found = try await db.withConnection { db in
                try await db.raw("SELECT COUNT(*) AS n FROM \(name) WHERE \(col) = \(bind: "'; DROP TABLE users; --")").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(found == 1)
        }
    }

    // MARK: Errors

    static func category(_ db: DatabaseConnection, _ sql: SQLQueryString) async -> String? {
        do {
            try await exec(db, sql)
            return nil
        } catch {
            return (error as? BatchError)?.category.rawValue ?? "unclassified \(error)"
        }
    }

    @Test func constraintViolationsAreConstraintErrors() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE parent (id BIGINT PRIMARY KEY) ENGINE=InnoDB")
            try await Self.exec(db, """
                CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, name VARCHAR(10) NOT NULL,
                FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB
                """)
            try await Self.exec(db, "INSERT INTO parent VALUES (1)")
            try await Self.exec(db, "INSERT INTO child VALUES (1, 1, 'a')")
            #expect(await Self.category(db, "INSERT INTO parent VALUES (\(bind: 1))") == "constraint")  // 1062
            #expect(await Self.category(db, "INSERT INTO child VALUES (2, 99, 'b')") == "constraint")  // 1452
            #expect(await Self.category(db, "DELETE FROM parent WHERE id = 1") == "constraint")  // 1451
            #expect(await Self.category(db, "INSERT INTO child VALUES (3, 1, \(bind: Optional<String>.none))") == "constraint")  // 1048
            #expect(await Self.category(db, "INSERT INTO child VALUES (4, 1, \(bind: "far too long for ten"))") == "validation")  // 1406
            #expect(await Self.category(db, "SELEKT 1") == "sql")
            // Through the writer's statements the message names the rows.
            let error = await #expect(throws: BatchError.self) {
                try await db.withStatements { try await $0.insert(into: "parent", columns: ["id"], rows: [[.int(5)], [.int(1)]]) }
            }
            #expect(error?.category == .constraint)
            #expect(error?.message.contains("Duplicate entry") == true)
            #expect(try await Self.records(db, "SELECT COUNT(*) AS n FROM parent").first?["n"] == .int(1))
        }
    }

    @Test func deadlocksAndLockWaitTimeoutsAreTransient() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE d (id BIGINT PRIMARY KEY, v BIGINT) ENGINE=InnoDB")
            try await Self.exec(db, "INSERT INTO d VALUES (1, 0), (2, 0)")
            // Lock wait timeout (1205): a second transaction waits one second for a held row lock.
            let holder = try await db.begin()
            try await holder.sql.raw("UPDATE d SET v = 1 WHERE id = 1").run()
            let waiter = try await db.begin()
            try await waiter.sql.raw("SET SESSION innodb_lock_wait_timeout = 1").run()
            let timeout = await #expect(throws: (any Error).self) { try await waiter.sql.raw("UPDATE d SET v = 2 WHERE id = 1").run() }
            #expect((db.classify(timeout!) as? BatchError)?.category == .transient)
            try await waiter.rollback()
            try await holder.rollback()

            // Deadlock (1213): two transactions lock rows 1 and 2, then each other's.
            let a = try await db.begin()
            let b = try await db.begin()
            try await a.sql.raw("UPDATE d SET v = 1 WHERE id = 1").run()
            try await b.sql.raw("UPDATE d SET v = 1 WHERE id = 2").run()
            let first = Task { () -> (any Error)? in
                do { try await a.sql.raw("UPDATE d SET v = 2 WHERE id = 2").run(); return nil } catch { return error }
            }
            try await Task.sleep(for: .milliseconds(500))
            var second: (any Error)?
            do { try await b.sql.raw("UPDATE d SET v = 2 WHERE id = 1").run() } catch { second = error }
            if second != nil { try await b.rollback() }
            let firstError = await first.value
            let failures = [firstError, second].compactMap { $0 }
            #expect(failures.count == 1, "exactly one transaction is the deadlock victim: \(failures)")
            #expect(failures.allSatisfy { (db.classify($0) as? BatchError)?.category == .transient })
            #expect(failures.allSatisfy { "\($0)".contains("1213") })
            try await a.rollback()
            try await b.rollback()
        }
    }

    @Test func lostConnectionsAreConnectionErrorsAndThePoolRecovers() async throws {
        try await Self.with { db in
            let victim = try await db.begin()
            let id = try #require(try await victim.sql.raw("SELECT CONNECTION_ID() AS id").first()?.decode(column: "id", as: Int.self))
            try await Self.exec(db, "KILL \(literal: id)")
            let error = await #expect(throws: (any Error).self) { try await victim.sql.raw("SELECT 1").run() }
            #expect((db.classify(error!) as? BatchError)?.category == .connection)
            try? await victim.rollback()
            // The dead connection is not reused: the next statements get a working one.
            for _ in 0..<3 {
                #expect(try await Self.records(db, "SELECT 1 AS one").first?["one"] == .int(1))
            }
        }
    }

    @Test func wrongPasswordIsAClearConnectionErrorWithoutThePassword() async throws {
        var url = try DatabaseURL(try #require(TestDatabases.mysqlURL))
        url.password = "wrong-Secret-7731"
        let db = try DatabaseConnection(name: "bad", url: url, driver: MySQLDriver(), poolSize: 1)
        let error = await #expect(throws: BatchError.self) { try await Self.exec(db, "SELECT 1") }
        #expect(error?.category == .connection)
        #expect(error?.message.contains("Access denied") == true)
        #expect(error?.message.contains("1045") == true)
        #expect(error?.message.contains("wrong-Secret-7731") == false)
        await db.close()
    }

    @Test func badURLOptionsAreRefusedWhenOpened() throws {
        let provider = DatabaseProvider(drivers: [MySQLDriver()])
        #expect(throws: Never.self) { try provider.register("a", url: "mariadb://u:p@127.0.0.1:1/db?connect_timeout=3") }
        let unknown = #expect(throws: BatchError.self) { try provider.register("b", url: "mysql://u:hunter2@127.0.0.1:1/db?colour=blue") }
        #expect(unknown?.message.contains("colour") == true)
        #expect(unknown?.message.contains("hunter2") == false)
        let ssl = #expect(throws: BatchError.self) { try provider.register("c", url: "mysql://u:p@127.0.0.1:1/db?ssl=sometimes") }
        #expect(ssl?.message.contains("sometimes") == true)
    }

    // MARK: Repository

    @Test func aMigrationInterruptedHalfwayCompletesWhenRunAgain() async throws {
        try await Self.with { db in
            // MySQL commits each DDL statement: simulate a process killed after two of them.
            let statements = try #require(SQLSchema.migrations(.mysql).first).statements
            #expect(statements.allSatisfy { $0.hasPrefix("CREATE TABLE IF NOT EXISTS") })
            try await Self.exec(db, SQLQueryString(statements[0]))
            try await Self.exec(db, SQLQueryString(statements[1]))
            #expect(try await SQLMigrator(db).migrate() == [1])
            #expect(try await SQLMigrator(db).appliedVersions() == [1])
            let indexes = try await Self.records(db, """
                SELECT COUNT(DISTINCT index_name) AS n FROM information_schema.statistics
                WHERE table_schema = DATABASE() AND index_name LIKE 'sluice\\_%'
                """)
            #expect(indexes.first?["n"] == .int(6))  // five indexes and the unique instance key
            let repository = SQLJobRepository(db)
            let execution = try await repository.createJobExecution(LaunchRequest(jobName: "j", parameters: JobParameters()))
            #expect(try await repository.jobExecution(id: execution.id)?.jobName == "j")
        }
    }

    // MARK: Transactions

    @Test func savepointsRollBackPartOfATransaction() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE s (id BIGINT PRIMARY KEY) ENGINE=InnoDB")
            let transaction = try await db.begin()
            try await transaction.sql.raw("INSERT INTO s VALUES (1)").run()
            try await transaction.setSavepoint("before `two` \"x\"")
            try await transaction.sql.raw("INSERT INTO s VALUES (2)").run()
            try await transaction.rollback(toSavepoint: "before `two` \"x\"")
            try await transaction.sql.raw("INSERT INTO s VALUES (3)").run()
            try await transaction.releaseSavepoint("before `two` \"x\"")
            try await transaction.commit()
            #expect(try await Self.records(db, "SELECT id FROM s ORDER BY id").map { $0["id"] } == [.int(1), .int(3)])
        }
    }

    @Test func isolationLevelsApplyToTheTransaction() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE i (id BIGINT PRIMARY KEY) ENGINE=InnoDB")
            func count(_ t: SQLTransaction) async throws -> Int {
                try #require(try await t.sql.raw("SELECT COUNT(*) AS n FROM i").first()?.decode(column: "n", as: Int.self))
            }
            // REPEATABLE READ keeps its snapshot; READ COMMITTED sees the other commit.
            for (level, expected) in [(IsolationLevel.repeatableRead, 0), (.readCommitted, 1), (.serializable, 0)] {
                try await Self.exec(db, "DELETE FROM i")
                let reader = try await db.begin(isolation: level)
                #expect(try await count(reader) == 0)
                if level != .serializable {
                    try await Self.exec(db, "INSERT INTO i VALUES (1)")
                    #expect(try await count(reader) == expected, "\(level)")
                }
                try await reader.commit()
            }
            // READ UNCOMMITTED sees another transaction's uncommitted row.
            try await Self.exec(db, "DELETE FROM i")
            let writer = try await db.begin()
            try await writer.sql.raw("INSERT INTO i VALUES (7)").run()
            let dirty = try await db.begin(isolation: .readUncommitted)
            #expect(try await count(dirty) == 1)
            try await dirty.commit()
            try await writer.rollback()
            // The level applies to one transaction only: the next one is back to the default.
            let plain = try await db.begin()
            #expect(try await count(plain) == 0)
            try await plain.commit()
        }
    }

    // MARK: Statements and components

    @Test func upsertUpdatesExistingKeysAndInsertsNewOnes() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE u (id BIGINT PRIMARY KEY, name VARCHAR(20), n BIGINT)")
            try await db.withStatements { s in
                try await s.insert(into: "u", columns: ["id", "name", "n"], rows: [[.int(1), .string("one"), .int(1)], [.int(2), .string("two"), .int(2)]])
                try await s.upsert(into: "u", columns: ["id", "name", "n"], rows: [
                    [.int(2), .string("TWO"), .int(20)], [.int(3), .string("three"), .int(3)], [.int(2), .string("Two"), .int(22)],
                ], conflict: ["id"])
                try await s.upsert(into: "u", columns: ["id"], rows: [[.int(1)], [.int(4)]], conflict: ["id"])
            }
            let rows = try await Self.records(db, "SELECT id, name, n FROM u ORDER BY id")
            #expect(rows.map { "\($0["id"]!):\($0["name"]!):\($0["n"]!)" } == ["1:one:1", "2:Two:22", "3:three:3", "4::"])
        }
    }

    @Test func readerPagesByKeyWithExactValues() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE r (id BIGINT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2))")
            let rows = (1...25).map { [RecordValue.int($0), .string("row \($0) 😀"), .decimal(Decimal($0) / 4)] }
            try await db.withStatements { try await $0.insert(into: "r", columns: ["id", "name", "price"], rows: rows) }
            let reader = try SQLItemReader(db, query: "SELECT id, name, price FROM r WHERE id > ?", params: [.int(3)], key: ["id"], fetchSize: 4)
            try await reader.open(ExecutionContext())
            var read: [Record] = []
            while let record = try await reader.read() { read.append(record) }
            try await reader.close()
            #expect(read.count == 22)
            #expect(read.first?["id"] == .int(4))
            #expect(read.last?["name"] == .string("row 25 😀"))
            #expect(read.last?["price"] == .decimal(Decimal(string: "6.25")!))
        }
    }

    @Test func sqlTaskletRunsMySQLScripts() async throws {
        try await Self.with { db in
            let tasklet = SQLTasklet(db, statements: [
                "CREATE TABLE k (n BIGINT PRIMARY KEY, v TEXT) ENGINE=InnoDB",
                "INSERT INTO k VALUES (1, 'semi; colon'), (2, 'back\\'slash'); # a MySQL comment; still a comment\nINSERT INTO k SELECT MAX(n) + 1, `v` FROM k",
            ])
            let repository = SQLJobRepository(db)
            try await repository.migrate()
            let execution = try await JobOperator(repository: repository, configuration: .quiet)
                .start(try Job("mysql-tasklet", steps: [TaskletStep("sql", tasklet: { _ in tasklet })]))
            #expect(execution.status == .completed)
            let rows = try await Self.records(db, "SELECT n, v FROM k ORDER BY n")
            #expect(rows.map { $0["v"] } == [.string("semi; colon"), .string("back'slash"), .string("semi; colon")])
        }
    }

    @Test func loadDataCopiesAllRowsOrNone() async throws {
        try await Self.with { db in
            try await Self.exec(db, "CREATE TABLE c (id BIGINT PRIMARY KEY, name TEXT, data BLOB, at DATETIME(6), day DATE, amount DECIMAL(12,3), ok BOOLEAN)")
            let instant = Date(timeIntervalSince1970: 1_700_000_000.5)
            let rows: [[RecordValue]] = [
                [.int(1), .string("tab\there\nnewline \\ back \\N 😀"), .bytes([0, 9, 10, 92, 255]), .timestamp(instant),
                 .date(CalendarDate(year: 2024, month: 2, day: 29)!), .decimal(Decimal(string: "-12.345")!), .bool(true)],
                [.int(2), .null, .null, .null, .null, .null, .null],
                [.int(3), .string(""), .bytes([]), .timestamp(instant), .date(CalendarDate(year: 1999, month: 12, day: 31)!), .decimal(0), .bool(false)],
            ]
            let columns = ["id", "name", "data", "at", "day", "amount", "ok"]
            let driver = try #require(db.driver as? any BulkCopying)
            let transaction = try await db.begin()
            try await driver.copy(into: "c", columns: columns, types: nil, rows: rows, prepared: nil, on: transaction.driverConnection, logger: Logger(label: "test"))
            try await transaction.commit()
            let back = try await Self.records(db, "SELECT * FROM c ORDER BY id")
            #expect(back.map(\.values) == [
                [.int(1), .string("tab\there\nnewline \\ back \\N 😀"), .bytes([0, 9, 10, 92, 255]), .timestamp(instant),
                 .date(CalendarDate(year: 2024, month: 2, day: 29)!), .decimal(Decimal(string: "-12.345")!), .int(1)],
                [.int(2), .null, .null, .null, .null, .null, .null],
                [.int(3), .string(""), .bytes([]), .timestamp(instant), .date(CalendarDate(year: 1999, month: 12, day: 31)!), .decimal(0), .int(0)],
            ])
            // A duplicate key is only a warning to LOAD DATA LOCAL: the copy fails and writes nothing.
            let failing = try await db.begin()
            let error = await #expect(throws: BatchError.self) {
                try await driver.copy(into: "c", columns: ["id"], types: nil, rows: [[.int(10)], [.int(1)]], prepared: nil, on: failing.driverConnection, logger: Logger(label: "test"))
            }
            try await failing.rollback()
            #expect(error?.category == .constraint)
            #expect(try await Self.records(db, "SELECT COUNT(*) AS n FROM c").first?["n"] == .int(3))
        }
    }
}

#endif
