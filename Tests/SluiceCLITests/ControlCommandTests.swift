import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// `stop`, `abandon`, `recover` and `purge` against an SQLite repository.
@Suite struct ControlCommandTests {
    /// Starts `endless` in the background and returns its execution id once it runs.
    private func startEndless(_ workspace: Workspace) async throws -> (Int, Task<ToolRun, Never>) {
        let run = Task { await workspace.sluice("run", workspace.path("endless.yaml"), "--quiet") }
        let id = try await eventually {
            try await workspace.withRepository { try await $0.jobExecutions(matching: .running()).first?.id }
        }
        return (id, run)
    }

    @Test func stopEndsARunningExecutionInAnotherCommandAsStopped() async throws {
        let workspace = Workspace()
        let (id, run) = try await startEndless(workspace)
        let stop = await workspace.sluice("stop", String(id))
        #expect(stop.code == 0)
        #expect(stop.stdout.contains("stop requested: execution \(id) of endless is STOPPING"))
        #expect(await run.value.code == 3)
        #expect(try await workspace.execution(id).status == .stopped)
    }

    @Test func stopOfAFinishedExecutionIsRefused() async throws {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "--quiet").code == 0)
        let stop = await workspace.sluice("stop", "1")
        #expect(stop.code == 4)
        #expect(stop.stderr == "sluice: error: execution 1 is not running (status COMPLETED)\n")
        #expect(await workspace.sluice("stop", "42").code == 2)
    }

    @Test func abandonMarksAFailedExecutionAndItsInstanceCannotRun() async throws {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("fails.yaml"), "--quiet").code == 1)
        let abandon = await workspace.sluice("abandon", "1")
        #expect(abandon.code == 0)
        #expect(abandon.stdout == "execution 1 of fails is ABANDONED\n")
        #expect(try await workspace.execution(1).status == .abandoned)
        let again = await workspace.sluice("run", workspace.path("fails.yaml"))
        #expect(again.code == 4)
        #expect(again.stderr.contains("abandoned"))
    }

    @Test func abandonRefusesRunningAndCompletedExecutions() async throws {
        let workspace = Workspace()
        let (id, run) = try await startEndless(workspace)
        let running = await workspace.sluice("abandon", String(id))
        #expect(running.code == 4)
        #expect(running.stderr.contains("is running"))
        #expect(await workspace.sluice("stop", String(id)).code == 0)
        #expect(await run.value.code == 3)
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "--quiet").code == 0)
        let completed = await workspace.sluice("abandon", "2")
        #expect(completed.code == 4)
        #expect(completed.stderr.contains("COMPLETED"))
        #expect(await workspace.sluice("abandon", "99").code == 2)
    }

    @Test func recoverMarksStaleExecutionsFailedAndPrintsThem() async throws {
        let workspace = Workspace()
        let id = try await workspace.withRepository { repository in
            try await repository.createJobExecution(LaunchRequest(jobName: "ghost", parameters: [:])).id
        }
        try await Task.sleep(for: .milliseconds(50))
        let recover = await workspace.sluice("recover", "--stale-after", "10ms")
        #expect(recover.code == 0)
        #expect(recover.stdout == "execution \(id) of ghost: marked FAILED (restart with `sluice restart \(id)`)\n")
        #expect(try await workspace.execution(id).status == .failed)
        let none = await workspace.sluice("recover")
        #expect(none.code == 0)
        #expect(none.stdout == "no execution without a heartbeat for 5m\n")
    }

    @Test func recoverLeavesLiveExecutionsAlone() async throws {
        let workspace = Workspace()
        let (id, run) = try await startEndless(workspace)
        #expect(await workspace.sluice("recover").stdout.hasPrefix("no execution"))
        #expect(try await workspace.execution(id).status.isRunning)
        #expect(await workspace.sluice("stop", String(id)).code == 0)
        _ = await run.value
    }

    @Test func purgeDeletesFinishedExecutionsBeforeTheCutoff() async throws {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "--quiet").code == 0)
        #expect(await workspace.sluice("run", workspace.path("fails.yaml"), "--quiet").code == 1)
        let recent = await workspace.sluice("purge", "--before", "1d")
        #expect(recent.code == 0)
        #expect(recent.stdout.hasPrefix("purged 0 executions that ended before "))
        let all = await workspace.sluice("purge", "--before", "2999-01-01")
        #expect(all.stdout == "purged 2 executions that ended before 2999-01-01T00:00:00Z\n")
        #expect(await workspace.sluice("executions").stderr == "no executions found\n")
    }
}
