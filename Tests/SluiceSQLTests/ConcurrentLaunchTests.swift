import Foundation
import Sluice
import SluiceSQL
import Testing

/// Atomic launch across processes: N processes start the same job instance at once; exactly one
/// runs it (exit 0) and the others are refused (exit 4), and the repository holds one execution.
@Suite(.serialized) struct ConcurrentLaunchTests {
    func launchTogether(repository: String, target: String, processes: Int = 6) async throws {
        let table = "launch_\(UInt32.random(in: 0...UInt32.max))"
        let targetDB = try DatabaseConnection(name: "target", url: try DatabaseURL(target), driver: try TestDrivers.driver(for: target))
        try await targetDB.withConnection { db in
            try await db.raw("CREATE TABLE \(ident: table) (id BIGINT NOT NULL, payload TEXT NOT NULL)").run()
        }
        let arguments = ["--repository", repository, "--target", target, "--table", table, "--rows", "400",
                         "--chunk", "20", "--delay-ms", "10"]
        let runs = try await withThrowingTaskGroup(of: CrashRestartTests.Run.self) { group in
            for _ in 0..<processes {
                group.addTask { try await CrashRestartTests.run(arguments, killAfter: nil) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let statuses = runs.map(\.status).sorted()
        #expect(statuses == [0] + Array(repeating: 4, count: processes - 1), "exit codes \(statuses): \(runs.map(\.output))")
        let rows = try await targetDB.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
        }
        #expect(rows == 400)
        let repositoryDB = try DatabaseConnection(name: "repository", url: try DatabaseURL(repository),
                                                  driver: try TestDrivers.driver(for: repository))
        let executions = try await SQLJobRepository(repositoryDB).jobExecutions(matching: ExecutionQuery(jobName: "harness-copy", limit: 1000))
        #expect(executions.filter { $0.parameters.string("table") == table }.count == 1)
        await repositoryDB.close()
        await targetDB.close()
    }

    @Test func sqliteRepository() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-launch-\(UUID().uuidString)")
        try await launchTogether(repository: "sqlite:\(dir.path)/repository.sqlite", target: "sqlite:\(dir.path)/target.sqlite")
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable))
    func postgresRepository() async throws {
        let url = try #require(TestDatabases.postgresURL)
        try await launchTogether(repository: url, target: url)
    }

    #if MySQL
    @Test(.enabled(if: TestDatabases.mysqlAvailable))
    func mysqlRepository() async throws {
        let url = try #require(TestDatabases.mysqlURL)
        try await launchTogether(repository: url, target: url)
    }
    #endif
}
