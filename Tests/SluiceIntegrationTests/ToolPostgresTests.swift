import Foundation
import Sluice
import SluicePostgres
import SluiceSQL
import Testing

/// The real binary with its job repository on PostgreSQL: `migrate`, concurrent launches of one
/// instance from separate processes, and a `kill -9` restart.
@Suite("sluice with a PostgreSQL repository", .serialized)
struct ToolPostgresTests {
    /// A repository URL in a fresh schema of the test server, or nil (skipped locally, failed in CI).
    static func repository() async throws -> String? {
        guard let base = ProcessInfo.processInfo.environment["SLUICE_TEST_POSTGRES_URL"] else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("SLUICE_TEST_POSTGRES_URL is not set in CI") }
            print("skipping PostgreSQL CLI tests: SLUICE_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)")
            return nil
        }
        let schema = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let admin = try DatabaseConnection(name: "admin", url: try DatabaseURL(base), driver: PostgresDriver(), poolSize: 1)
        try await admin.withConnection { db in try await db.raw("CREATE SCHEMA \(ident: String(schema))").run() }
        await admin.close()
        return base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)"
    }

    @Test func migrateThenConcurrentLaunchesRunOnce() async throws {
        guard let url = try await Self.repository() else { return }
        let sluice = try SluiceProcess(repository: url)
        let before = try await sluice.run(["executions"])
        #expect(before.status != 0, "a PostgreSQL repository needs `sluice migrate` first")
        #expect(before.stderr.contains("migrate"))
        let migrate = try await sluice.run(["migrate"])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(try await sluice.run(["migrate"]).status == 0)
        let job = try sluice.write("wait.yaml", """
            job: waiter
            steps:
              - step: nap
                tasklet: { sleep: { duration: 2s } }
            """)
        let launches = try (0..<4).map { _ in try sluice.start(["run", job]) }
        var statuses: [Int32] = []
        for launch in launches { statuses.append(try await launch.wait().status) }
        #expect(statuses.sorted() == [0, 4, 4, 4])
        let listing = try await sluice.run(["executions", "--json"])
        #expect((try listing.json() as? [Any])?.count == 1)
    }

    @Test func killNineAndRestartOnPostgres() async throws {
        guard let url = try await Self.repository() else { return }
        let sluice = try SluiceProcess(repository: url)
        #expect(try await sluice.run(["migrate"]).status == 0)
        try sluice.writeCSV("in.csv", rows: 100_000)
        let job = try sluice.write("convert.yaml", """
            job: convert-pg
            steps:
              - step: convert
                chunk:
                  size: 250
                  reader: { csv: { path: in.csv } }
                  writer: { ndjson: { path: out.ndjson } }
            """)
        let running = try sluice.start(["run", job])
        try await SluiceProcess.eventually { sluice.size("out.ndjson") > 400_000 || !running.process.isRunning }
        let killed = running.process.isRunning
        kill(running.pid, SIGKILL)
        _ = try await running.wait()
        if killed { #expect(try await sluice.run(["recover", "--stale-after", "0s"]).status == 0) }
        let final = try await sluice.run(["run", job])
        #expect(final.status == (killed ? 0 : 4), "\(final.stderr)")
        let lines = sluice.lines("out.ndjson")
        #expect(lines.count == 100_000)
        #expect(lines.last == "{\"id\":\"100000\",\"name\":\"row-100000\"}")
        #expect(Set(lines).count == 100_000)
    }
}
