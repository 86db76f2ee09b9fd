import Foundation
import Sluice
import SluiceSQL
import Testing

/// Crash safety with real processes: a job copying rows into a table is killed with SIGKILL at
/// random moments and restarted until it completes; the table must then hold every row exactly
/// once. Run with the repository in the target database (items and checkpoint in one commit) and
/// in another database (the writer's own progress table).
@Suite(.serialized) struct CrashRestartTests {
    static var harness: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sluice-test-sql-job")
    }

    struct Run {
        var status: Int32
        var killed: Bool
        var output: String
    }

    /// Runs the harness; kills it after `killAfter` unless it ended before.
    static func run(_ arguments: [String], killAfter: Duration?) async throws -> Run {
        let process = Process()
        process.executableURL = harness
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        var killed = false
        if let killAfter {
            let deadline = ContinuousClock.now + killAfter
            while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Run(status: process.terminationStatus, killed: killed, output: output)
    }

    /// Kills the job 20 times at random points, then lets it finish, and checks the target table.
    func killAndRestart(repository: String, target: DatabaseConnection, targetURL: String, mode: String,
                        readAhead: Bool = false) async throws {
        let table = "crash_\(mode)_\(UInt32.random(in: 0...UInt32.max))"
        let rows = 4000
        try await target.withConnection { db in
            try await db.raw("CREATE TABLE \(ident: table) (id BIGINT NOT NULL, payload TEXT NOT NULL)").run()
        }
        let arguments = ["--repository", repository, "--target", targetURL, "--table", table, "--rows", "\(rows)",
                         "--chunk", "37", "--mode", mode, "--delay-ms", "30", "--recover"] + (readAhead ? ["--read-ahead"] : [])
        var kills = 0
        var attempts = 0
        var finished = false
        while !finished {
            attempts += 1
            #expect(attempts < 200, "the job did not finish")
            if attempts >= 200 { break }
            // Random kill points from process start-up to well into the run; sleep past the
            // stale-heartbeat window so that --recover may mark the killed execution FAILED.
            let killAfter: Duration? = kills < 20 ? .milliseconds(Int.random(in: 150...750)) : nil
            let run = try await Self.run(arguments, killAfter: killAfter)
            if run.killed {
                kills += 1
                try await Task.sleep(for: .milliseconds(700))
                continue
            }
            switch run.status {
            case 0: finished = true
            case 4: try await Task.sleep(for: .milliseconds(700))  // the killed execution is not yet stale
            default:
                Issue.record("harness failed with status \(run.status): \(run.output)")
                return
            }
        }
        #expect(kills == 20)
        let counts = try await target.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d, MIN(id) AS lo, MAX(id) AS hi FROM \(ident: table)").first()
        }
        let row = try #require(counts)
        #expect(try row.decode(column: "n", as: Int.self) == rows, "rows in the table (duplicates or losses)")
        #expect(try row.decode(column: "d", as: Int.self) == rows)
        #expect(try row.decode(column: "lo", as: Int.self) == 1)
        #expect(try row.decode(column: "hi", as: Int.self) == rows)
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func repositoryInTheTargetDatabase() async throws {
        let url = try #require(TestDatabases.postgresURL)
        let target = try DatabaseConnection(name: "target", url: try DatabaseURL(url), driver: PostgresDriverForTests.driver)
        try await killAndRestart(repository: url, target: target, targetURL: url, mode: "insert")
        await target.close()
    }

    /// Read-ahead and binary COPY with the repository in the target: each chunk's checkpoint and
    /// COMMIT overlap the next chunk's write on a second connection, and a kill can land anywhere
    /// in between.
    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func overlappingCommitsInTheTargetDatabase() async throws {
        let url = try #require(TestDatabases.postgresURL)
        let target = try DatabaseConnection(name: "target", url: try DatabaseURL(url), driver: PostgresDriverForTests.driver)
        try await killAndRestart(repository: url, target: target, targetURL: url, mode: "copy", readAhead: true)
        await target.close()
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func repositoryInAnotherDatabase() async throws {
        let url = try #require(TestDatabases.postgresURL)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-crash-\(UUID().uuidString)")
        let target = try DatabaseConnection(name: "target", url: try DatabaseURL(url), driver: PostgresDriverForTests.driver)
        try await killAndRestart(repository: "sqlite:\(dir.path)/repository.sqlite", target: target, targetURL: url, mode: "copy")
        await target.close()
    }

    #if MySQL
    @Test(.enabled(if: TestDatabases.mysqlAvailable))
    func mysqlRepositoryInTheTargetDatabase() async throws {
        let url = try #require(TestDatabases.mysqlURL)
        let target = try DatabaseConnection(name: "target", url: try DatabaseURL(url), driver: try TestDrivers.driver(for: url))
        try await killAndRestart(repository: url, target: target, targetURL: url, mode: "insert")
        await target.close()
    }

    /// The repository in SQLite, the rows loaded into MySQL with LOAD DATA LOCAL INFILE (`copy`).
    @Test(.enabled(if: TestDatabases.mysqlAvailable))
    func mysqlTargetWithRepositoryInAnotherDatabase() async throws {
        let url = try #require(TestDatabases.mysqlURL)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-crash-\(UUID().uuidString)")
        let target = try DatabaseConnection(name: "target", url: try DatabaseURL(url), driver: try TestDrivers.driver(for: url))
        try await killAndRestart(repository: "sqlite:\(dir.path)/repository.sqlite", target: target, targetURL: url, mode: "copy")
        await target.close()
    }
    #endif

    @Test func sqliteRepositoryAndTargetInOneFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-crash-\(UUID().uuidString)")
        let url = "sqlite:\(dir.path)/jobs.sqlite"
        let target = try DatabaseConnection(name: "target", url: try DatabaseURL(url), driver: SQLiteDriverForTests.driver)
        try await killAndRestart(repository: url, target: target, targetURL: url, mode: "insert")
        await target.close()
    }
}

import SluicePostgres
import SluiceSQLite

enum PostgresDriverForTests { static let driver = PostgresDriver() }
enum SQLiteDriverForTests { static let driver = SQLiteDriver() }
