import Foundation
import Testing

/// The real `sluice` binary: every exit code of the contract, JSON output, validation output.
@Suite("sluice exit codes and output", .serialized)
struct ToolExitCodeTests {
    @Test func completedRunPrintsOneJSONDocumentAndARerunIsRefused() async throws {
        let sluice = try SluiceProcess()
        let job = try sluice.write("ok.yaml", """
            job: ok-job
            parameters: { db-password: { type: string } }
            steps:
              - step: hello
                tasklet: { noop: {} }
            """)
        let first = try await sluice.run(["run", job, "day=2026-11-30", "db-password=hunter2", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let document = try #require(try first.json() as? [String: Any])
        #expect(document["status"] as? String == "COMPLETED")
        #expect(document["job"] as? String == "ok-job")
        #expect((document["id"] as? Int ?? 0) > 0)
        let parameters = try #require(document["parameters"] as? [String: Any])
        #expect(parameters["day"] as? String == "2026-11-30")
        #expect(parameters["db-password"] as? String == "******")
        #expect(!first.stdout.contains("hunter2") && !first.stderr.contains("hunter2"))
        let steps = try #require(document["steps"] as? [[String: Any]])
        #expect(steps.map { $0["name"] as? String } == ["hello"])

        let again = try await sluice.run(["run", job, "day=2026-11-30", "db-password=hunter2"])
        #expect(again.status == 4, "\(again.stderr)")
        let next = try await sluice.run(["run", job, "day=2026-12-01", "db-password=x"])
        #expect(next.status == 0)
        let listing = try await sluice.run(["executions", "--json"])
        let executions = try #require(try listing.json() as? [[String: Any]])
        #expect(executions.count == 2)
        #expect(!listing.stdout.contains("hunter2"))
    }

    @Test func failedStoppedAndInvalidRuns() async throws {
        let sluice = try SluiceProcess()
        let failing = try sluice.write("fail.yaml", """
            job: failing
            steps:
              - step: boom
                tasklet: { noop: { fail: true } }
            """)
        #expect(try await sluice.run(["run", failing]).status == 1)
        let stopping = try sluice.write("stop.yaml", """
            job: stopping
            steps:
              - step: first
                tasklet: noop
                transitions: [ { on: COMPLETED, stop: { restart: second } } ]
              - step: second
                tasklet: noop
            """)
        let stopped = try await sluice.run(["run", stopping, "--json"])
        #expect(stopped.status == 3, "\(stopped.stderr)")
        #expect((try stopped.json() as? [String: Any])?["status"] as? String == "STOPPED")
        let resumed = try await sluice.run(["run", stopping, "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let steps = (try resumed.json() as? [String: Any])?["steps"] as? [[String: Any]]
        #expect(steps?.map { $0["name"] as? String } == ["second"])

        let usage = try await sluice.run(["frobnicate"])
        #expect(usage.status == 2)
        let badFlag = try await sluice.run(["executions", "--limit", "many"])
        #expect(badFlag.status == 2)
        let missing = try await sluice.run(["run", sluice.directory.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 2)
        #expect(!missing.stderr.contains("Fatal error"))
    }

    @Test func validateReportsEveryErrorWithLineAndColumn() async throws {
        let sluice = try SluiceProcess()
        let broken = try sluice.write("broken.yaml", """
            job: broken
            steps:
              - step: load
                chunk:
                  size: lots
                  reader: { csvv: { path: in.csv } }
                  writer: { ndjson: { pth: out.ndjson } }
                transitions: [ { on: COMPLETED, to: nowhere } ]
            """)
        let good = try sluice.write("good.yaml", "job: good\nsteps:\n  - step: a\n    tasklet: noop\n")
        let result = try await sluice.run(["validate", good, broken])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(broken):5:") && $0.contains("size") })
        #expect(lines.contains { $0.hasPrefix("\(broken):6:") && $0.contains("unknown reader 'csvv' (did you mean 'csv'?)") })
        #expect(lines.contains { $0.hasPrefix("\(broken):7:") && $0.contains("unknown key 'pth' (did you mean 'path'?)") })
        #expect(lines.contains { $0.hasPrefix("\(broken):8:") && $0.contains("unknown id 'nowhere'") })
        #expect(try await sluice.run(["validate", good]).status == 0)
        #expect(try await sluice.run(["run", broken]).status == 2)
        let executions = try await sluice.run(["executions", "--json"])
        #expect((try executions.json() as? [Any])?.isEmpty == true)
    }
}
