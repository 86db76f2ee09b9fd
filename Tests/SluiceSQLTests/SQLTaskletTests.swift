import Foundation
import SQLKit
import Sluice
import SluiceSQL
import SluiceTestSupport
import Synchronization
import Testing

private typealias F = StatementsFixture

/// Counts seen from outside the step's transaction.
private final class Observations: Sendable {
    private let values = Mutex<[Int]>([])
    func append(_ value: Int) { values.withLock { $0.append(value) } }
    var all: [Int] { values.withLock { $0 } }
}

@Suite struct SQLTaskletTests {

    /// Runs a one-step job on `db` (repository in the same database) and returns the job's and the
    /// step's final executions.
    static func run(_ db: DatabaseConnection, _ step: TaskletStep, job name: String = "sql-job") async throws -> (JobExecution, StepExecution) {
        let repository = SQLJobRepository(db)
        try await repository.migrate()
        let op = JobOperator(repository: repository, configuration: .quiet)
        let execution = try await op.start(try Job(name, steps: [step]))
        let steps = try await op.stepExecutions(executionId: execution.id)
        guard let stepExecution = steps.first else { throw BatchError(.io, "no step execution") }
        return (execution, stepExecution)
    }

    static func values(_ db: DatabaseConnection) async throws -> [String] {
        try await F.rows(db, "SELECT n, v FROM steps ORDER BY n").map {
            "\(try $0.decode(column: "n", as: Int.self)):\(try $0.decode(column: "v", as: String.self))"
        }
    }

    static func tempFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-sql-tasklet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // MARK: Order and atomicity

    @Test func statementsRunInOrderSQLite() async throws { try await F.with(.sqlite, statementsRunInOrder) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func statementsRunInOrderPostgres() async throws {
        try await F.with(.postgres, statementsRunInOrder)
    }

    func statementsRunInOrder(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE steps (n BIGINT PRIMARY KEY, v TEXT)")
        let tasklet = SQLTasklet(db, statements: [
            "INSERT INTO steps (n, v) VALUES (1, 'first; not a separator')",
            "INSERT INTO steps (n, v) SELECT MAX(n) + 1, 'second' FROM steps",
            "UPDATE steps SET v = v || ' after ' || (SELECT COUNT(*) FROM steps) WHERE n = 2; UPDATE steps SET v = v || '.' WHERE n = 1 -- two in one text",
            "",
            "  -- only a comment\n",
        ])
        #expect(try tasklet.script().count == 4)
        let (job, step) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in tasklet }))
        #expect(job.status == .completed)
        #expect(step.executionContext.int(SQLTasklet.statementsKey) == 4)
        #expect(try await Self.values(db) == ["1:first; not a separator.", "2:second after 2"])
    }

    @Test func failingThirdStatementRollsBackSQLite() async throws { try await F.with(.sqlite, failingThirdStatement) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func failingThirdStatementRollsBackPostgres() async throws {
        try await F.with(.postgres, failingThirdStatement)
    }

    func failingThirdStatement(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE steps (n BIGINT PRIMARY KEY, v TEXT)")
        let statements = [
            "INSERT INTO steps (n, v) VALUES (1, 'one')",
            "INSERT INTO steps (n, v) VALUES (2, 'two')",
            "INSERT INTO steps (n, v) VALUES (1, 'duplicate key')",
            "INSERT INTO steps (n, v) VALUES (4, 'four')",
        ]
        // Without an SQL transaction manager the tasklet's own transaction; with one, the step's.
        for (i, manager) in [nil, SQLTransactionManager(db)].enumerated() {
            var step = TaskletStep("sql", tasklet: { _ in SQLTasklet(db, statements: statements) })
            if let manager { step = step.transactionManager(manager) }
            let (job, failed) = try await Self.run(db, step, job: "failing-\(i)")
            #expect(job.status == .failed)
            #expect(failed.status == .failed)
            let failure = try #require(failed.failures.first)
            #expect(failure.category == "constraint")
            #expect(failure.type == "BatchError")
            #expect(failure.message.hasPrefix("SQL statement 3 of 4 failed: "), "\(failure.message)")
            #expect(failed.executionContext[SQLTasklet.statementsKey] == nil)
            #expect(try await Self.values(db) == [])
            if db.driver.family == .postgres, let password = try DatabaseURL(TestDatabases.postgresURL ?? "").password {
                #expect(!failure.message.contains(password))
                #expect(failure.message.contains(db.url.description))
            }
        }
    }

    @Test func failingStatementInFileNamesFileAndLineSQLite() async throws { try await F.with(.sqlite, failingStatementInFile) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func failingStatementInFileNamesFileAndLinePostgres() async throws {
        try await F.with(.postgres, failingStatementInFile)
    }

    func failingStatementInFile(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE steps (n BIGINT PRIMARY KEY, v TEXT)")
        let path = try Self.tempFile("load steps.sql", """
            -- Loads the steps.
            INSERT INTO steps (n, v) VALUES (1, 'one');
            INSERT INTO steps (n, v)
              VALUES (2, 'two; still two');

            /* the third statement
               starts on line 8 */
            INSERT INTO steps (n, v)
              VALUES (2, 'duplicate');
            INSERT INTO steps (n, v) VALUES (4, 'four');
            """)
        let (job, step) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in SQLTasklet(db, file: path) })
            .transactionManager(SQLTransactionManager(db)))
        #expect(job.status == .failed)
        let failure = try #require(step.failures.first)
        #expect(failure.category == "constraint")
        #expect(failure.message.hasPrefix("SQL statement 3 of 4 (\(path), line 8) failed: "), "\(failure.message)")
        #expect(try await Self.values(db) == [])

        // A file that cannot be read or parsed fails the step before any statement runs.
        let unterminated = try Self.tempFile("broken.sql", "INSERT INTO steps (n, v) VALUES (1, 'one');\nINSERT INTO steps (n, v) VALUES (2, 'two);\n")
        for (name, file, category, message) in [("missing", "/nonexistent/dir/x.sql", "io", "cannot read SQL file /nonexistent/dir/x.sql"),
                                                 ("broken", unterminated, "parse", "\(unterminated): unterminated string starting at line 2")] {
            let (_, failed) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in SQLTasklet(db, file: file) }), job: name)
            #expect(failed.failures.first?.category == category)
            #expect(failed.failures.first?.message == message)
        }
        #expect(try await Self.values(db) == [])
    }

    @Test func transactionControlIsRefusedSQLite() async throws { try await F.with(.sqlite, transactionControlIsRefused) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func transactionControlIsRefusedPostgres() async throws {
        try await F.with(.postgres, transactionControlIsRefused)
    }

    func transactionControlIsRefused(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE steps (n BIGINT PRIMARY KEY, v TEXT)")
        let (_, step) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in
            SQLTasklet(db, statements: ["INSERT INTO steps (n, v) VALUES (1, 'one')", "COMMIT", "INSERT INTO steps (n, v) VALUES (2, 'two')"])
        }))
        #expect(step.status == .failed)
        #expect(step.failures.first?.category == "validation")
        #expect(step.failures.first?.message.hasPrefix("SQL statement 2 of 3: COMMIT is transaction control") == true)
        #expect(try await Self.values(db) == [])

        // Savepoints are fine inside the one transaction.
        let (job, _) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in
            SQLTasklet(db, statements: ["SAVEPOINT s1", "INSERT INTO steps (n, v) VALUES (1, 'kept')", "SAVEPOINT s2",
                                        "INSERT INTO steps (n, v) VALUES (2, 'undone')", "ROLLBACK TO SAVEPOINT s2", "RELEASE SAVEPOINT s1"])
        }), job: "savepoints")
        #expect(job.status == .completed)
        #expect(try await Self.values(db) == ["1:kept"])
    }

    // MARK: Files

    @Test func fileSplittingSQLite() async throws {
        try await F.with(.sqlite) { db in
            let path = try Self.tempFile("setup.sql", #"""
                -- setup for SQLite; comments; everywhere
                CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
                CREATE TABLE audit (note_id INTEGER, what TEXT);
                CREATE TRIGGER notes_audit AFTER INSERT ON notes BEGIN
                  INSERT INTO audit VALUES (NEW.id, 'inserted; by trigger');
                  UPDATE audit SET what = CASE WHEN note_id > 1 THEN what || '!' ELSE what END WHERE note_id = NEW.id;
                END;
                /* block; comment 'with quote */
                INSERT INTO notes VALUES (1, 'it''s; quoted -- not a comment'), (2, '/* not; a comment */');;
                CREATE TABLE [odd;table] ([semi;col] TEXT, "dq;col" TEXT, `bt;col` TEXT);
                INSERT INTO "odd;table" ("semi;col", [dq;col], `bt;col`) VALUES ('a;b', 'c--d', 'e/*f');
                ;
                -- trailing comment; no statement
                """#)
            let (job, step) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in SQLTasklet(db, file: path) })
                .transactionManager(SQLTransactionManager(db)))
            #expect(job.status == .completed, "\(step.failures)")
            #expect(step.executionContext.int(SQLTasklet.statementsKey) == 6)
            let notes = try await F.rows(db, "SELECT body FROM notes ORDER BY id").map { try $0.decode(column: "body", as: String.self) }
            #expect(notes == ["it's; quoted -- not a comment", "/* not; a comment */"])
            let audit = try await F.rows(db, "SELECT what FROM audit ORDER BY note_id").map { try $0.decode(column: "what", as: String.self) }
            #expect(audit == ["inserted; by trigger", "inserted; by trigger!"])
            let odd = try #require(try await F.rows(db, "SELECT * FROM \(ident: "odd;table")").first)
            #expect(try odd.decode(column: "semi;col", as: String.self) == "a;b")
            #expect(try odd.decode(column: "dq;col", as: String.self) == "c--d")
            #expect(try odd.decode(column: "bt;col", as: String.self) == "e/*f")
        }
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable)) func fileSplittingPostgres() async throws {
        try await F.with(.postgres) { db in
            let path = try Self.tempFile("setup.sql", #"""
                -- setup for PostgreSQL; comments; everywhere
                CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);
                CREATE FUNCTION note_body(n BIGINT) RETURNS TEXT AS $$
                  SELECT 'note; ' || n::text || ' -- not a comment'
                $$ LANGUAGE sql;
                CREATE FUNCTION bump() RETURNS BIGINT AS $fn$
                BEGIN
                  INSERT INTO notes VALUES (100, $$dollar; inside$$);
                  RETURN 1;
                END;
                $fn$ LANGUAGE plpgsql;
                /* nested /* comment; */ still; a 'comment */
                INSERT INTO notes VALUES (1, note_body(1)), (2, E'it\'s; escaped'), (3, 'plain ''quoted''; text');
                SELECT bump();
                INSERT INTO "notes" ("id", "body") VALUES (4, '/* not; a comment */'), (5, $q$a 'quote'; $$ and all$q$);;
                CREATE FUNCTION atomic_body() RETURNS BIGINT LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM notes;
                END;
                -- trailing comment; no statement
                """#)
            let (job, step) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in SQLTasklet(db, file: path) })
                .transactionManager(SQLTransactionManager(db)))
            #expect(job.status == .completed, "\(step.failures)")
            #expect(step.executionContext.int(SQLTasklet.statementsKey) == 7)
            let notes = try await F.rows(db, "SELECT id, body FROM notes ORDER BY id").map {
                "\(try $0.decode(column: "id", as: Int.self))=\(try $0.decode(column: "body", as: String.self))"
            }
            #expect(notes == ["1=note; 1 -- not a comment", "2=it's; escaped", "3=plain 'quoted'; text", "4=/* not; a comment */",
                              "5=a 'quote'; $$ and all", "100=dollar; inside"])
            #expect(try await F.int(db, "SELECT atomic_body() AS n") == 1)
        }
    }

    @Test func scriptSplitting() throws {
        let text = """
            -- leading comment; with semicolon
            CREATE TABLE t (a TEXT);  -- trailing; comment

            /* block; comment */ INSERT INTO t VALUES ('it''s; fine -- not a comment');
            INSERT INTO "odd;name" VALUES ("x;y");;
            ;
            SELECT 1 /* inner ; */ + 2
            """
        let statements = try SQLScript.split(text, family: .sqlite, source: "a.sql")
        #expect(statements.map(\.text) == [
            "CREATE TABLE t (a TEXT)",
            "INSERT INTO t VALUES ('it''s; fine -- not a comment')",
            "INSERT INTO \"odd;name\" VALUES (\"x;y\")",
            "SELECT 1 /* inner ; */ + 2",
        ])
        #expect(statements.map(\.line) == [2, 4, 5, 7])
        #expect(statements.allSatisfy { $0.source == "a.sql" })

        let postgres = try SQLScript.split(#"""
            CREATE FUNCTION f() RETURNS text AS $$ SELECT 'a;b' $$ LANGUAGE sql;
            CREATE FUNCTION g() RETURNS text AS $body$ BEGIN RETURN $$x;y$$; END; $body$ LANGUAGE plpgsql;
            SELECT E'it\'s; still', 'back\slash'; SELECT $1, a$b$c FROM t;
            /* outer /* nested; */ still comment; */ SELECT 2
            """#, family: .postgres)
        #expect(postgres.map(\.text) == [
            "CREATE FUNCTION f() RETURNS text AS $$ SELECT 'a;b' $$ LANGUAGE sql",
            "CREATE FUNCTION g() RETURNS text AS $body$ BEGIN RETURN $$x;y$$; END; $body$ LANGUAGE plpgsql",
            #"SELECT E'it\'s; still', 'back\slash'"#, "SELECT $1, a$b$c FROM t", "SELECT 2",
        ])
        #expect(postgres.map(\.line) == [1, 2, 3, 3, 4])
        #expect(postgres.allSatisfy { $0.source == nil })

        let trigger = try SQLScript.split("""
            CREATE TEMP TRIGGER trg AFTER INSERT ON t BEGIN
              INSERT INTO log VALUES (NEW.a);
              UPDATE log SET n = CASE WHEN n > 0 THEN n ELSE 0 END;
            END;
            SELECT 3
            """, family: .sqlite)
        #expect(trigger.count == 2)
        #expect(trigger.first?.text.hasSuffix("END;\nEND") == true)

        let mysql = try SQLScript.split("SELECT 'a\\';b'; # comment; here\nSELECT `x;y` -- c;\n", family: .mysql)
        #expect(mysql.map(\.text) == ["SELECT 'a\\';b'", "SELECT `x;y`"])

        let control = try SQLScript.split("BEGIN; ROLLBACK TO SAVEPOINT s; rollback; START TRANSACTION; SAVEPOINT s; commit; end; SELECT 1",
                                          family: .postgres)
        #expect(control.map(\.isTransactionControl) == [true, false, true, true, false, true, true, false])

        #expect(try SQLScript.split(" ;; -- nothing\n/* at all */ ;", family: .postgres).isEmpty)
        for (text, family, message) in [
            ("SELECT 1;\nSELECT 'oops;\n", SQLFamily.sqlite, "f.sql: unterminated string starting at line 2"),
            ("SELECT 1;\n\n/* open", .postgres, "f.sql: unterminated /* comment starting at line 3"),
            ("SELECT 1;\nSELECT $x$ text", .postgres, "f.sql: unterminated dollar-quoted string $x$ starting at line 2"),
            ("SELECT \"open", .mysql, "f.sql: unterminated quoted identifier starting at line 1"),
        ] {
            #expect(throws: BatchError(.parse, message)) { try SQLScript.split(text, family: family, source: "f.sql") }
        }
        // `$$` means nothing special to SQLite.
        #expect(try SQLScript.split("SELECT '$$'; SELECT 2", family: .sqlite).count == 2)
    }

    // MARK: In a job

    @Test func commitsWithTheStepCheckpointSQLite() async throws { try await F.with(.sqlite, commitsWithTheCheckpoint) }
    @Test(.enabled(if: TestDatabases.postgresAvailable)) func commitsWithTheStepCheckpointPostgres() async throws {
        try await F.with(.postgres, commitsWithTheCheckpoint)
    }

    /// With the SQL transaction manager, the tasklet's statements run in the step's transaction:
    /// invisible to other connections when the tasklet returns, committed with the checkpoint.
    func commitsWithTheCheckpoint(_ db: DatabaseConnection) async throws {
        try await F.exec(db, "CREATE TABLE steps (n BIGINT PRIMARY KEY, v TEXT)")
        let statements = ["INSERT INTO steps (n, v) VALUES (1, 'one')", "INSERT INTO steps (n, v) VALUES (2, 'two')"]
        let seenOutside = Observations()
        let inner = SQLTasklet(db, statements: statements)
        let (job, step) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in
            ClosureTasklet { context in
                let status = try await inner.execute(&context)
                let outside = try await F.int(db, "SELECT COUNT(*) AS n FROM steps")
                seenOutside.append(outside)
                return status
            }
        }).transactionManager(SQLTransactionManager(db)))
        #expect(job.status == .completed, "\(step.failures)")
        #expect(seenOutside.all == [0])
        #expect(try await Self.values(db) == ["1:one", "2:two"])
        #expect(step.executionContext.int(SQLTasklet.statementsKey) == 2)
        #expect(step.counters.commitCount == 1)

        // The stored checkpoint, read back from the repository, holds the count too.
        let stored = try await SQLJobRepository(db).stepExecutions(jobExecutionId: job.id)
        #expect(stored.first?.executionContext.int(SQLTasklet.statementsKey) == 2)

        // A transaction on another database is not joined: the tasklet commits its own at once.
        let other = try TestDatabases.sqlite("other")
        let (second, _) = try await Self.run(db, TaskletStep("sql", tasklet: { _ in
            ClosureTasklet { context in
                let status = try await SQLTasklet(db, statements: ["INSERT INTO steps (n, v) VALUES (3, 'three')"]).execute(&context)
                let outside = try await F.int(db, "SELECT COUNT(*) AS n FROM steps")
                seenOutside.append(outside)
                return status
            }
        }).transactionManager(SQLTransactionManager(other)), job: "own-transaction")
        await other.close()
        #expect(second.status == .completed)
        #expect(seenOutside.all == [0, 3])
    }
}
