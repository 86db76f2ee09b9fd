import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// `run`: loading, parameters, exit codes from the final status, refusals, `--next`, output.
@Suite struct RunCommandTests {
    @Test func completedRunExitsZeroWithJSONOnStdoutAndSummaryOnStderr() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("copy.yaml"), "input=orders.csv", "--json")
        #expect(run.code == 0)
        let json = try run.object()
        #expect(json["status"] as? String == "COMPLETED")
        #expect(run.stderr.contains("copy: execution \(json["id"] as! Int) COMPLETED"))
        #expect(run.stderr.contains("load: COMPLETED, read 100, written 86, filtered 14"))
        #expect(workspace.loader.shutdownCount == 1)
    }

    @Test func quietPrintsNothingOnStderr() async {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("copy.yaml"), "--quiet")
        #expect(run.code == 0)
        #expect(run.stderr.isEmpty && run.stdout.isEmpty)
    }

    @Test func failedRunExitsOneAndShowsTheReason() async {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("fails.yaml"))
        #expect(run.code == 1)
        #expect(run.stderr.contains("execution 1 FAILED"))
        #expect(run.stderr.contains("[io] BatchError: disk on fire"))
        #expect(run.stderr.contains("restart with: sluice restart 1"))
    }

    @Test func invalidJobFileListsEveryProblemAndStartsNothing() async throws {
        let workspace = Workspace()
        let file = workspace.path("invalid.yaml")
        let run = await workspace.sluice("run", file)
        #expect(run.code == 2)
        #expect(run.stderr == """
            sluice: error: \(file) is invalid (2 problems)
            \(file):3:5: unknown key 'stepz'
            \(file):9:1: transition to unknown element 'nowhere'

            """)
        #expect(try await workspace.withRepository { try await $0.jobNames() }.isEmpty)
    }

    @Test func unreadableJobFileIsAUsageError() async {
        let run = await Workspace().sluice("run", "/nowhere/missing.yaml")
        #expect(run.code == 2)
        #expect(run.stderr.hasPrefix("sluice: error: cannot load /nowhere/missing.yaml: "))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func badParameterValueExitsTwoAndStartsNothing() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("copy.yaml"), "limit=lots")
        #expect(run.code == 2)
        #expect(run.stderr == "sluice: error: job parameter 'limit': 'lots' is not a valid int\n")
        #expect(try await workspace.withRepository { try await $0.jobNames() }.isEmpty)
        #expect(workspace.loader.shutdownCount == 1)
    }

    @Test func completedInstanceIsRefusedWithFour() async {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "--quiet").code == 0)
        let again = await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "--json")
        #expect(again.code == 4)
        #expect(again.stderr.hasPrefix("sluice: error: refused: job instance 1 is already complete"))
        #expect(again.stdout.isEmpty)
    }

    @Test func nonIdentifyingParametersDoNotMakeANewInstance() async {
        let workspace = Workspace()
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "limit=1", "--quiet").code == 0)
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "limit=2", "--quiet").code == 4)
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "input=b", "--quiet").code == 0)
    }

    @Test func nextStartsFreshInstancesWithTheIncrementer() async throws {
        let workspace = Workspace()
        let first = await workspace.sluice("run", workspace.path("copy.yaml"), "input=a", "--next", "--json")
        let second = await workspace.sluice("run", workspace.path("copy.yaml"), "--next", "--json")
        #expect(first.code == 0 && second.code == 0)
        let parameters = try #require(try second.object()["parameters"] as? [String: Any])
        #expect(parameters["run.id"] as? Int == 2)
        #expect(parameters["input"] as? String == "a")
        #expect(try first.object()["instanceId"] as? Int != second.object()["instanceId"] as? Int)
    }

    @Test func nextWithoutIncrementerIsAUsageError() async {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("fails.yaml"), "--next")
        #expect(run.code == 2)
        #expect(run.stderr.contains("has no incrementer"))
    }

    @Test func recordsTheAbsoluteJobFileButDoesNotShowIt() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("run", "jobs/../copy.yaml", "--json")
        #expect(run.code == 0)
        let id = try Workspace.executionId(run)
        let stored = try await workspace.execution(id)
        #expect(ReservedParameters.jobFile(of: stored) == workspace.path("copy.yaml"))
        #expect(stored.parameters[ReservedParameters.jobFileName]?.identifying == false)
        #expect((try run.object()["parameters"] as? [String: Any])?.keys.contains(ReservedParameters.jobFileName) == false)
    }

    @Test func runningInstanceIsRefused() async throws {
        let workspace = Workspace()
        let interrupts = ManualInterrupts()
        async let first = workspace.sluice("run", workspace.path("endless.yaml"), "--quiet", interrupts: interrupts)
        try await waitUntil { interrupts.isListening }
        let second = await workspace.sluice("run", workspace.path("endless.yaml"))
        #expect(second.code == 4)
        #expect(second.stderr.contains("already has a running execution"))
        interrupts.interrupt()
        #expect(await first.code == 3)
    }
}

/// Polls `condition` every 10 ms for up to 60 s (generous: CI runs the suites in parallel on 2 cores).
func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws {
    _ = try await eventually { try await condition() ? true : nil }
}

/// Polls `value` every 10 ms for up to 60 s until it is not nil.
func eventually<T: Sendable>(_ value: @Sendable () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if let found = try await value() { return found }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw TimedOut()
}

/// A condition did not hold in time.
struct TimedOut: Error {}
