import Foundation
import Sluice
import SluicePostgres
import SluiceSQL
import SluiceSQLite
import Testing

@Suite struct DatabaseURLTests {
    @Test func parsesPostgresURLs() throws {
        let url = try DatabaseURL("postgres://batch:s3cr%40t@db.internal:6543/shop?sslmode=require&application_name=sluice")
        #expect(url.scheme == "postgres")
        #expect(url.user == "batch")
        #expect(url.password == "s3cr@t")
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.database == "shop")
        #expect(url.options == ["sslmode": "require", "application_name": "sluice"])
        #expect(url.description == "postgres://batch:******@db.internal:6543/shop?application_name=sluice&sslmode=require")
        #expect(try DatabaseURL("postgresql://u@h/d").scheme == "postgres")
    }

    @Test func parsesSQLitePaths() throws {
        #expect(try DatabaseURL("sqlite:.sluice/repository.sqlite").database == ".sluice/repository.sqlite")
        #expect(try DatabaseURL("sqlite:///tmp/x.sqlite").database == "/tmp/x.sqlite")
        #expect(try DatabaseURL("sqlite::memory:").database == ":memory:")
    }

    @Test func resolvesPasswordsFromTheEnvironmentAndFiles() throws {
        let env = try DatabaseURL("postgres://u:${env:PGPASS}@h:5432/d", environment: ["PGPASS": "from-env"])
        #expect(env.password == "from-env")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try "from-file\n".write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try DatabaseURL("postgres://u:${file:\(file.path)}@h:5432/d", environment: [:])
        #expect(fromFile.password == "from-file")
        #expect(fromFile.description.contains("******") && !fromFile.description.contains("from-file"))
    }

    @Test func errorsNameTheProblemButNeverThePassword() {
        let missing = #expect(throws: BatchError.self) { try DatabaseURL("postgres://u:${env:NOPE}@h:5432/d", environment: [:]) }
        #expect(missing?.description.contains("NOPE") == true)
        let badPort = #expect(throws: BatchError.self) { try DatabaseURL("postgres://u:hunter2@h:99999/d") }
        #expect(badPort?.description.contains("hunter2") == false)
        #expect(badPort?.description.contains("port") == true)
        #expect(throws: BatchError.self) { try DatabaseURL("no-scheme-at-all") }
        #expect(DatabaseURL.redact("postgres://u:hunter2@h/d") == "postgres://u:******@h/d")
    }

    @Test func unknownSchemesNameTheAvailableDrivers() {
        let provider = DatabaseProvider(drivers: [SQLiteDriver(), PostgresDriver()])
        let error = #expect(throws: BatchError.self) { try provider.register("x", url: "oracle://u:p@h/d") }
        #expect(error?.description.contains("postgres, postgresql, sqlite") == true)
        #expect(throws: BatchError.self) { try provider.connection(named: "unknown") }
    }
}

@Suite struct DatabaseConnectionTests {
    @Test func transactionsCommitAndRollBackWithSavepoints() async throws {
        let db = try TestDatabases.sqlite()
        try await db.withConnection { sql in try await sql.raw("CREATE TABLE t (v INTEGER)").run() }
        let tx = try await db.begin()
        try await tx.sql.raw("INSERT INTO t VALUES (1)").run()
        try await tx.setSavepoint("a")
        try await tx.sql.raw("INSERT INTO t VALUES (2)").run()
        try await tx.rollback(toSavepoint: "a")
        try await tx.sql.raw("INSERT INTO t VALUES (3)").run()
        try await tx.releaseSavepoint("a")
        try await tx.commit()
        let rolledBack = try await db.begin()
        try await rolledBack.sql.raw("INSERT INTO t VALUES (4)").run()
        try await rolledBack.rollback()
        let values = try await db.withConnection { sql in
            try await sql.raw("SELECT v FROM t ORDER BY v").all().map { try $0.decode(column: "v", as: Int.self) }
        }
        #expect(values == [1, 3])
        await db.close()
    }

    @Test func constraintViolationsAreClassified() async throws {
        let db = try TestDatabases.sqlite()
        try await db.withConnection { sql in try await sql.raw("CREATE TABLE t (v INTEGER PRIMARY KEY)").run() }
        try await db.withConnection { sql in try await sql.raw("INSERT INTO t VALUES (1)").run() }
        let error = await #expect(throws: BatchError.self) {
            try await db.withConnection { sql in try await sql.raw("INSERT INTO t VALUES (1)").run() }
        }
        #expect(error?.category == .constraint)
        #expect(error?.description.contains("connection 'test'") == true)
        await db.close()
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresIsolationLevelsAndClassification() async throws {
        let db = try await TestDatabases.postgres()
        let level = try await db.transaction(isolation: .serializable) { sql in
            try await sql.raw("SHOW transaction_isolation").first()?.decode(column: "transaction_isolation", as: String.self)
        }
        #expect(level == "serializable")
        try await db.withConnection { sql in try await sql.raw("CREATE TABLE t (v INTEGER PRIMARY KEY, n TEXT NOT NULL)").run() }
        let duplicate = await #expect(throws: BatchError.self) {
            try await db.transaction { sql in
                try await sql.raw("INSERT INTO t VALUES (1, 'a')").run()
                try await sql.raw("INSERT INTO t VALUES (1, 'b')").run()
            }
        }
        #expect(duplicate?.category == .constraint)
        let notNull = await #expect(throws: BatchError.self) {
            try await db.withConnection { sql in try await sql.raw("INSERT INTO t VALUES (2, NULL)").run() }
        }
        #expect(notNull?.category == .constraint)
        await db.close()
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func aWrongPasswordIsAClearConnectionErrorWithoutThePassword() async throws {
        var url = try DatabaseURL(try #require(TestDatabases.postgresURL))
        url.password = "definitely-wrong-\(UUID().uuidString.prefix(6))"
        let db = try DatabaseConnection(name: "warehouse", url: url, driver: PostgresDriver())
        let error = await #expect(throws: BatchError.self) {
            try await db.withConnection { sql in try await sql.raw("SELECT 1").run() }
        }
        #expect(error?.category == .connection)
        #expect(error?.description.contains("connection 'warehouse'") == true)
        #expect(error?.description.contains(url.password!) == false)
        await db.close()
    }

    @Test func anUnreachableServerIsRetriedThenNamed() async throws {
        let url = try DatabaseURL("postgres://u:topsecret@127.0.0.1:1/d")
        let db = try DatabaseConnection(name: "offline", url: url, driver: PostgresDriver())
        let error = await #expect(throws: BatchError.self) {
            try await db.withConnection { sql in try await sql.raw("SELECT 1").run() }
        }
        #expect(error?.category == .connection)
        #expect(error?.description.contains("cannot connect to connection 'offline'") == true)
        #expect(error?.description.contains("topsecret") == false)
        await db.close()
    }
}
