import Foundation
import Sluice
import SluiceFiles
import Testing

@Suite struct ShellTaskletTests {
    @Test func aSuccessfulCommandStoresItsOutput() async throws {
        let tasklet = try ShellTasklet(command: .arguments(["sh", "-c", "echo done; echo warn >&2"]))
        let step = try await TaskletHarness.run(tasklet)
        #expect(step.status == .completed)
        #expect(step.executionContext.int(ShellTasklet.exitCodeKey) == 0)
        #expect(step.executionContext.string(ShellTasklet.stdoutKey) == "done\n")
        #expect(step.executionContext.string(ShellTasklet.stderrKey) == "warn\n")
    }

    @Test func aPlainStringRunsThroughTheShell() async throws {
        let step = try await TaskletHarness.run(try ShellTasklet(command: .script("printf 'a|b' | tr '|' '-'")))
        #expect(step.executionContext.string(ShellTasklet.stdoutKey) == "a-b")
    }

    @Test func aNonZeroExitFailsTheStepWithTheOutputTail() async throws {
        let step = try await TaskletHarness.run(try ShellTasklet(command: .script("echo some output; echo broken pipe >&2; exit 3")))
        #expect(step.status == .failed)
        let failure = try #require(step.failures.first)
        #expect(failure.category == "command")
        #expect(failure.message.contains("exited with status 3"))
        #expect(failure.message.contains("broken pipe"))
        #expect(failure.message.contains("some output"))
    }

    @Test func aTimeoutTerminatesTheCommand() async throws {
        // Which signal ended the command says what ended it, whatever the machine's load:
        // SIGTERM (128 + 15) at the timeout, not SIGKILL (128 + 9) after the 60 s grace period.
        var context = try await TaskletHarness.context()
        let tasklet = try ShellTasklet(command: .script("sleep 300"), timeout: .milliseconds(300), gracePeriod: .seconds(60))
        let error = await #expect(throws: BatchError.self) { try await tasklet.execute(&context) }
        #expect(error?.category == "timeout")
        #expect(error?.message.contains("timed out") == true)
        #expect(context.executionContext.int(ShellTasklet.exitCodeKey) == 128 + 15)
        let step = try await TaskletHarness.run(try ShellTasklet(command: .script("sleep 300"), timeout: .milliseconds(100)))
        #expect(step.status == .failed)
        #expect(step.failures.first?.category == "timeout")
    }

    @Test func aCommandIgnoringTerminationIsKilledAfterTheGracePeriod() async throws {
        var context = try await TaskletHarness.context()
        let started = ContinuousClock.now
        let tasklet = try ShellTasklet(command: .script("trap '' TERM; echo ready; while :; do sleep 0.05; done"),
                                       timeout: .milliseconds(300), gracePeriod: .milliseconds(300))
        let error = await #expect(throws: BatchError.self) { try await tasklet.execute(&context) }
        #expect(error?.category == "timeout")
        #expect(context.executionContext.int(ShellTasklet.exitCodeKey) == 128 + 9, "SIGTERM was ignored, so SIGKILL ended it")
        #expect(ContinuousClock.now - started >= .milliseconds(600), "SIGKILL comes only after the grace period")
    }

    @Test func environmentAndDirectoryReachTheCommand() async throws {
        let directory = try TaskletHarness.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/work", withIntermediateDirectories: true)
        let tasklet = try ShellTasklet(properties: .init(command: .script("echo \"$GREETING\" $(pwd) ${HOME:+home-inherited}"),
                                                         env: ["GREETING": "hello there"], directory: "work"),
                                       baseDirectory: directory)
        let step = try await TaskletHarness.run(tasklet)
        let output = try #require(step.executionContext.string(ShellTasklet.stdoutKey))
        #expect(output.hasPrefix("hello there "))
        #expect(output.contains("/work"))
        let inherited = ProcessInfo.processInfo.environment["HOME"] != nil
        #expect(output.hasSuffix(inherited ? "home-inherited\n" : "\n"))
    }

    @Test func outputTailsAreBounded() async throws {
        let tasklet = try ShellTasklet(command: .script("i=0; while [ $i -lt 2000 ]; do echo line-$i; i=$((i+1)); done"), tailLimit: 100)
        let step = try await TaskletHarness.run(tasklet)
        let output = try #require(step.executionContext.string(ShellTasklet.stdoutKey))
        #expect(output.utf8.count <= 100)
        #expect(output.hasSuffix("line-1999\n"))
    }

    @Test func cancellationKillsTheChild() async throws {
        let directory = try TaskletHarness.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let context = try await TaskletHarness.context()
        let pidFile = directory + "/pid"
        let tasklet = try ShellTasklet(command: .script("sleep 30 & echo $! > \(pidFile); wait"))
        let task = Task {
            var context = context
            return try await tasklet.execute(&context)
        }
        while !FileManager.default.fileExists(atPath: pidFile) { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var alive = Self.isRunning(pid)
        for _ in 0..<100 where alive {
            try await Task.sleep(for: .milliseconds(20))
            alive = Self.isRunning(pid)
        }
        #expect(!alive, "the grandchild (sleep) must be gone too")
    }

    /// Whether `pid` is a live process (not gone, not a zombie waiting to be reaped).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    @Test func aStopRequestTerminatesTheCommandAndContinuesLater() async throws {
        var context = try await TaskletHarness.context()
        let signal = StopSignal()
        let tasklet = try ShellTasklet(command: .script("sleep 30"), stopSignal: signal)
        Task {
            try await Task.sleep(for: .milliseconds(200))
            signal.request()
        }
        #expect(try await tasklet.execute(&context) == .continuable)
        #expect(context.executionContext.int(ShellTasklet.exitCodeKey) == 128 + 15)
    }

    @Test func launchErrorsAreIOErrors() async throws {
        let missing = try await TaskletHarness.run(try ShellTasklet(command: .arguments(["no-such-command-\(UUID().uuidString)"])))
        #expect(missing.failures.first?.category == "io")
        #expect(missing.failures.first?.message.contains("not found in PATH") == true)
        let badDirectory = try await TaskletHarness.run(try ShellTasklet(command: .script("true"), directory: "/no/such/dir"))
        #expect(badDirectory.failures.first?.category == "io")
    }

    @Test func anEmptyCommandIsRejected() {
        #expect(throws: BatchError.self) { try ShellTasklet(command: .arguments([])) }
        #expect(throws: BatchError.self) { try ShellTasklet(command: .script("")) }
    }

    @Test func commandsDecodeFromAStringOrAList() throws {
        let list = try JSONDecoder().decode(ShellTasklet.Properties.self, from: Data(#"{"command":["sh","-c","echo done"]}"#.utf8))
        #expect(list.command == .arguments(["sh", "-c", "echo done"]))
        let text = try JSONDecoder().decode(ShellTasklet.Properties.self, from: Data(#"{"command":"echo done","timeout":"5s"}"#.utf8))
        #expect(text.command.argv == ["/bin/sh", "-c", "echo done"])
        #expect(text.timeout?.duration == .seconds(5))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ShellTasklet.Properties.self, from: Data(#"{"command":3}"#.utf8)) }
    }
}
