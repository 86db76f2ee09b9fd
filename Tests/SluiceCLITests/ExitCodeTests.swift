import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// Final statuses and refusals map to the contract's exit codes; errors print as one line.
@Suite struct ExitCodeTests {
    @Test(arguments: [
        (BatchStatus.completed, Int32(0)), (.failed, 1), (.stopped, 3), (.abandoned, 1), (.unknown, 1),
    ])
    func statusMapsToExitCode(_ status: BatchStatus, _ code: Int32) {
        #expect(ExitCodes.of(status) == code)
    }

    @Test func refusalsExitFourButInvalidParametersAndUnknownIdsExitTwo() {
        #expect(CommandFailure.launch(.alreadyComplete(instanceId: 1, executionId: 2)).exitCode == 4)
        #expect(CommandFailure.launch(.alreadyRunning(executionId: 2)).exitCode == 4)
        #expect(CommandFailure.launch(.notRestartable(instanceId: 1)).exitCode == 4)
        #expect(CommandFailure.launch(.startLimitReached(step: "load", limit: 3)).exitCode == 4)
        #expect(CommandFailure.launch(.invalidParameters(JobParametersInvalid(name: "x", reason: "is required"))).exitCode == 2)
        #expect(CommandFailure.launch(.noSuchExecution(id: 9)).exitCode == 2)
    }

    @Test func errorsBecomeOneLine() {
        #expect(ErrorText.line(BatchError(.io, "cannot read")) == "cannot read")
        #expect(ErrorText.line(JobDefinitionError(problems: ["a", "b"])) == "a; b")
        let decoding = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad"))
        #expect(ErrorText.line(decoding) == "invalid data: bad")
    }

    @Test func unexpectedErrorsExitOneWithOneLine() {
        let err = CapturedText()
        let console = Console(standardOutput: CapturedText(), standardError: err)
        #expect(SluiceTool.report(CocoaError(.fileReadNoSuchFile), console: console) == 1)
        #expect(err.text.hasPrefix("sluice: error: "))
        #expect(err.text.split(separator: "\n").count == 1)
    }

    @Test func requiredParameterMissingIsAUsageError() async throws {
        let loader = FakeJobLoader(["needs.yaml": {
            LoadedJob(job: try Job("needs", steps: [TaskletStep("t") { _ in .finished }]),
                      parameters: ["input": JobParameterDeclaration(.string, required: true)])
        }])
        let run = await Workspace(loader: loader).sluice("run", "needs.yaml")
        #expect(run.code == 2)
        #expect(run.stderr == "sluice: error: job parameter 'input': is required\n")
    }

    @Test func startLimitRefusesTheRestart() async throws {
        let loader = FakeJobLoader(["limited.yaml": {
            LoadedJob(job: try Job("limited", steps: [TaskletStep("t") { _ in throw BatchError(.io, "no") }.startLimit(1)]))
        }])
        let workspace = Workspace(loader: loader)
        #expect(await workspace.sluice("run", "limited.yaml", "--quiet").code == 1)
        let again = await workspace.sluice("run", "limited.yaml")
        #expect(again.code == 4)
        #expect(again.stderr.contains("start limit"))
    }

    @Test func notRestartableJobIsRefused() async throws {
        let loader = FakeJobLoader(["once.yaml": {
            LoadedJob(job: try Job("once", steps: [TaskletStep("t") { _ in throw BatchError(.io, "no") }]).restartable(false))
        }])
        let workspace = Workspace(loader: loader)
        #expect(await workspace.sluice("run", "once.yaml", "--quiet").code == 1)
        #expect(await workspace.sluice("run", "once.yaml").code == 4)
        #expect(await workspace.sluice("restart", "1").code == 4)
    }
}
