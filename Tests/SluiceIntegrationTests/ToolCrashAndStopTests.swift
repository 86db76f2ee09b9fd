import Foundation
import Testing

/// Crash safety and cross-process control with the real binary: `kill -9` mid-step, `stop` from
/// a second process, SIGINT, and two processes launching the same instance.
@Suite("sluice crash, stop and concurrency", .serialized)
struct ToolCrashAndStopTests {
    static let rows = 300_000

    private func conversionJob(_ sluice: SluiceProcess) throws -> String {
        try sluice.writeCSV("in.csv", rows: Self.rows)
        return try sluice.write("convert.yaml", """
            job: convert
            steps:
              - step: convert
                chunk:
                  size: 500
                  reader: { csv: { path: in.csv, columns: [ { name: id, type: int } ] } }
                  writer: { ndjson: { path: out.ndjson } }
              - step: copy
                chunk:
                  size: 700
                  reader: { ndjson: { path: out.ndjson } }
                  writer: { csv: { path: out.csv } }
            """)
    }

    /// Every input row exactly once, in order.
    private func checkExactlyOnce(_ lines: [String], expectIDPrefix prefix: String, _ suffix: String) {
        #expect(lines.count == Self.rows)
        var expected = 1
        for line in lines {
            guard line.hasPrefix("\(prefix)\(expected)\(suffix)") else {
                Issue.record("expected row \(expected), found: \(line)")
                return
            }
            expected += 1
        }
    }

    @Test func killNineMidStepThenRestartHoldsEveryLineOnce() async throws {
        let sluice = try SluiceProcess()
        let job = try conversionJob(sluice)
        var kills = 0
        for fraction in [0.15, 0.45, 0.8] {
            let running = try sluice.start(["run", job])
            let target = Int(Double(Self.rows) * 20 * fraction)
            try await SluiceProcess.eventually { sluice.size("out.ndjson") >= target || !running.process.isRunning }
            guard running.process.isRunning else { break }
            kill(running.pid, SIGKILL)
            _ = try await running.wait()
            kills += 1
            let recovered = try await sluice.run(["recover", "--stale-after", "0s"])
            #expect(recovered.status == 0, "\(recovered.stderr)")
        }
        #expect(kills >= 1)
        let final = try await sluice.run(["run", job, "--json"])
        #expect(final.status == 0, "\(final.stderr)")
        checkExactlyOnce(sluice.lines("out.ndjson"), expectIDPrefix: "{\"id\":", ",")
        checkExactlyOnce(Array(sluice.lines("out.csv").dropFirst()), expectIDPrefix: "", ",")
        let listing = try await sluice.run(["executions", "--json", "--job", "convert"])
        let statuses = (try listing.json() as? [[String: Any]])?.compactMap { $0["status"] as? String } ?? []
        #expect(statuses.first == "COMPLETED")
        // A kill can land before a run has created its execution (when the previous run had
        // already written past the next target), so there is at most one FAILED per kill.
        let failed = statuses.filter { $0 == "FAILED" }.count
        #expect(failed >= 1 && failed <= kills)
    }

    private func sleeperJob(_ sluice: SluiceProcess) throws -> String {
        try sluice.write("sleeper.yaml", """
            job: sleeper
            parameters:
              nap: { type: string, default: 60s, identifying: false }
            steps:
              - step: nap
                tasklet: { sleep: { duration: "#{jobParameters['nap']}" } }
              - step: after
                tasklet: noop
            """)
    }

    /// The id of the execution a started `run` is running, once the repository shows it (nil
    /// after a minute).
    private func runningExecutionID(_ sluice: SluiceProcess) async throws -> Int? {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let listing = try await sluice.run(["executions", "--json", "--status", "STARTED"])
            if let id = (try? listing.json() as? [[String: Any]])?.first?["id"] as? Int { return id }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    @Test func stopFromASecondProcessEndsStoppedAndRunResumes() async throws {
        let sluice = try SluiceProcess()
        let job = try sleeperJob(sluice)
        let running = try sluice.start(["run", job])
        let execution = try #require(try await runningExecutionID(sluice))
        let stop = try await sluice.run(["stop", String(execution)])
        #expect(stop.status == 0, "\(stop.stderr)")
        let result = try await running.wait(timeout: .seconds(30))
        #expect(result.status == 3, "\(result.stderr)")
        let show = try await sluice.run(["show", String(execution), "--json"])
        #expect((try show.json() as? [String: Any])?["status"] as? String == "STOPPED")
        let resumed = try await sluice.run(["run", job, "nap=10ms"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try await sluice.run(["stop", String(execution)]).status == 4)
    }

    @Test func sigintStopsGracefully() async throws {
        let sluice = try SluiceProcess()
        let job = try sleeperJob(sluice)
        let running = try sluice.start(["run", job])
        _ = try #require(try await runningExecutionID(sluice))
        kill(running.pid, SIGINT)
        let result = try await running.wait(timeout: .seconds(30))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(try await sluice.run(["run", job, "nap=1ms"]).status == 0)
    }

    @Test func concurrentRunsOfOneInstanceRunOnce() async throws {
        let sluice = try SluiceProcess()
        let job = try sleeperJob(sluice)
        let first = try sluice.start(["run", job, "nap=3s"])
        let second = try sluice.start(["run", job, "nap=3s"])
        let results = [try await first.wait(), try await second.wait()].map(\.status).sorted()
        #expect(results == [0, 4])
    }
}
