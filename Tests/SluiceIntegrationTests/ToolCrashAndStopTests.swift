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

/// `kill -9` while the `parquet` writer rolls files: after each kill every visible (non-hidden)
/// file is a complete Parquet file, and after the final run the published files hold every input
/// row exactly once. pyarrow (installed by the test command) is the independent reader.
@Suite("sluice parquet crash", .serialized)
struct ToolParquetCrashTests {
    static let rows = 300_000

    /// Row count and ids of every visible file under `dir`, read by pyarrow; nil when python3
    /// cannot import pyarrow.
    private func pyarrowReport(_ dir: URL) throws -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, os, json, pyarrow.parquet as pq
            files = sorted(f for f in os.listdir(sys.argv[1]) if not f.startswith('.'))
            ids = []
            for f in files:
                ids += pq.read_table(os.path.join(sys.argv[1], f)).column('id').to_pylist()
            print(json.dumps({'files': files, 'count': len(ids), 'distinct': len(set(ids)), 'min': min(ids, default=0), 'max': max(ids, default=0)}))
            """, dir.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// Chunks of 20 rows (15,000 commits): with columnar chunks a run of bigger chunks could end
    /// before a poll of the published files saw it running, when other tests load the machine.
    @Test func killNineWhileRollingFilesThenRestartPublishesEveryRowOnce() async throws {
        let sluice = try SluiceProcess()
        _ = try sluice.writeCSV("in.csv", rows: Self.rows)
        let job = try sluice.write("export.yaml", """
            job: export
            steps:
              - step: export
                chunk:
                  size: 20
                  reader: { csv: { path: in.csv, columns: [ { name: id, type: int } ] } }
                  writer: { parquet: { path: "out/part-{seq}.parquet", max-rows-per-file: 25000, row-group-size: 5000 } }
            """)
        let out = sluice.directory.appendingPathComponent("out")
        func published() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { !$0.hasPrefix(".") }.count
        }
        var kills = 0
        for target in [2, 5, 9] {
            let running = try sluice.start(["run", job])
            try await SluiceProcess.eventually { published() >= target || !running.process.isRunning }
            guard running.process.isRunning else {
                let ended = try await running.wait()
                print("parquet crash test: run \(kills + 1) ended by itself (exit \(ended.status)) before \(target) files: \(ended.stderr)")
                break
            }
            kill(running.pid, SIGKILL)
            _ = try await running.wait()
            // Under load the job can finish between the check above and the kill: it completed.
            guard running.process.terminationReason == .uncaughtSignal else { break }
            kills += 1
            // Whatever the moment of the kill, every visible file reads as a whole.
            guard let report = try pyarrowReport(out) else {
                print("parquet crash test: python3 with pyarrow is not available (the test command installs it)")
                if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("pyarrow is missing on CI") }
                return
            }
            #expect(report["count"] as? Int == report["distinct"] as? Int, "\(report)")
            let recovered = try await sluice.run(["recover", "--stale-after", "0s"])
            #expect(recovered.status == 0, "\(recovered.stderr)")
        }
        #expect(kills >= 1)
        let final = try await sluice.run(["run", job])
        // 0, or 4 ("already complete") when the last started run finished by itself.
        let finishedEarlier = published() == Self.rows / 25_000 && final.stderr.contains("complete")
        #expect(final.status == 0 || (final.status == 4 && finishedEarlier), "\(final.stderr)")
        let report = try #require(try pyarrowReport(out))
        #expect(report["count"] as? Int == Self.rows, "\(report)")
        #expect(report["distinct"] as? Int == Self.rows)
        #expect(report["min"] as? Int == 1 && report["max"] as? Int == Self.rows)
        #expect((report["files"] as? [String])?.count == Self.rows / 25_000)
    }
}
