import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// `restart ID`: finds the job file recorded with the execution, and maps refusals to exit 4.
@Suite struct RestartCommandTests {
    @Test func restartsAFailedExecutionFromItsRecordedJobFile() async throws {
        let broken = Switch(true)
        let workspace = Workspace(loader: TestJobs.loader(broken: broken))
        let failed = await workspace.sluice("run", workspace.path("flaky.yaml"), "region=eu", "--json")
        #expect(failed.code == 1)
        broken.set(false)
        let restarted = await workspace.sluice("restart", String(try Workspace.executionId(failed)), "region=eu", "--json")
        #expect(restarted.code == 0)
        let json = try restarted.object()
        #expect(json["status"] as? String == "COMPLETED")
        #expect(json["instanceId"] as? Int == (try failed.object()["instanceId"] as? Int))
        // `first` completed before and is not run again.
        #expect((json["steps"] as? [[String: Any]])?.map { $0["name"] as? String } == ["second"])
        #expect(workspace.loader.loadedPaths.last == workspace.path("flaky.yaml"))
    }

    @Test func runRestartsTheSameInstanceToo() async throws {
        let broken = Switch(true)
        let workspace = Workspace(loader: TestJobs.loader(broken: broken))
        #expect(await workspace.sluice("run", workspace.path("flaky.yaml"), "--quiet").code == 1)
        broken.set(false)
        let again = await workspace.sluice("run", workspace.path("flaky.yaml"), "--json")
        #expect(again.code == 0)
        #expect(try again.object()["instanceId"] as? Int == 1)
    }

    @Test func unknownExecutionIsAUsageError() async {
        let run = await Workspace().sluice("restart", "99")
        #expect(run.code == 2)
        #expect(run.stderr == "sluice: error: no job execution with id 99\n")
    }

    @Test func completedExecutionIsRefused() async throws {
        let workspace = Workspace()
        let done = await workspace.sluice("run", workspace.path("copy.yaml"), "--json")
        let run = await workspace.sluice("restart", String(try Workspace.executionId(done)))
        #expect(run.code == 4)
        #expect(run.stderr.contains("refused:"))
    }

    @Test func olderExecutionIsRefused() async throws {
        let broken = Switch(true)
        let workspace = Workspace(loader: TestJobs.loader(broken: broken))
        let first = await workspace.sluice("run", workspace.path("flaky.yaml"), "--json")
        #expect(await workspace.sluice("run", workspace.path("flaky.yaml"), "--quiet").code == 1)
        let run = await workspace.sluice("restart", String(try Workspace.executionId(first)))
        #expect(run.code == 4)
        #expect(run.stderr.contains("not its instance's latest execution"))
    }

    @Test func executionWithoutRecordedJobFileIsAUsageError() async throws {
        let workspace = Workspace()
        let id = try await workspace.withRepository { repository in
            let op = JobOperator(repository: repository)
            return try await op.start(try TestJobs.fails().job).id
        }
        let run = await workspace.sluice("restart", String(id))
        #expect(run.code == 2)
        #expect(run.stderr.contains("has no recorded job file"))
    }

    @Test func jobFileThatNowDefinesAnotherJobIsAUsageError() async throws {
        let workspace = Workspace()
        let id = try await workspace.withRepository { repository in
            let op = JobOperator(repository: repository)
            let parameters = ReservedParameters.jobFile(path: "other.yaml", workingDirectory: workspace.directory)
            return try await op.start(try TestJobs.fails().job, parameters: parameters).id
        }
        let run = await workspace.sluice("restart", String(id))
        #expect(run.code == 2)
        #expect(run.stderr.contains("now defines job 'other', not 'fails'"))
    }

    @Test func secretsMustBeSuppliedAgain() async throws {
        let workspace = Workspace()
        let interrupts = ManualInterrupts()
        async let first = workspace.sluice("run", workspace.path("endless.yaml"), "db_password=hunter2", "--json", interrupts: interrupts)
        try await waitUntil { interrupts.isListening }
        interrupts.interrupt()
        let stopped = await first
        #expect(stopped.code == 3)
        let id = String(try Workspace.executionId(stopped))
        let missing = await workspace.sluice("restart", id)
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("db_password=VALUE"))
        let restartInterrupts = ManualInterrupts()
        async let resumed = workspace.sluice("restart", id, "db_password=hunter3", "--json", interrupts: restartInterrupts)
        try await waitUntil { restartInterrupts.isListening }
        restartInterrupts.interrupt()
        let result = await resumed
        #expect(result.code == 3)
        #expect(!result.stdout.contains("hunter") && !result.stderr.contains("hunter"))
    }

    @Test func identifyingParametersCannotChange() async throws {
        let broken = Switch(true)
        let workspace = Workspace(loader: TestJobs.loader(broken: broken))
        let failed = await workspace.sluice("run", workspace.path("flaky.yaml"), "region=eu", "--json")
        let run = await workspace.sluice("restart", String(try Workspace.executionId(failed)), "region=us")
        #expect(run.code == 2)
        #expect(run.stderr.contains("identifies the job instance"))
    }

    @Test func configNamesTheRepositoryForRestart() async throws {
        let broken = Switch(true)
        let workspace = Workspace(loader: TestJobs.loader(broken: broken, configRepository: "sqlite:cfg.db"), repository: nil)
        let config = workspace.path("sluice.yaml")
        let failed = await workspace.sluice("run", workspace.path("flaky.yaml"), "--config", config, "--json")
        #expect(failed.code == 1)
        broken.set(false)
        let restarted = await workspace.sluice("restart", String(try Workspace.executionId(failed)), "--config", config, "--quiet")
        #expect(restarted.code == 0)
        #expect(!FileManager.default.fileExists(atPath: workspace.path(".sluice")))
    }
}
