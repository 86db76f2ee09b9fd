import Testing
@testable import SluiceCLI

/// Every command's arguments, and the exit code 2 (with a usage message) for bad ones.
@Suite struct ArgumentParsingTests {
    @Test func parsesRunWithEveryFlag() throws {
        let command = try #require(try SluiceCommand.parseAsRoot(
            ["run", "job.yaml", "a=1", "b=x", "--repository", "memory:", "--config", "c.yaml", "--next", "--json", "--quiet"]) as? RunCommand)
        #expect(command.jobFile == "job.yaml")
        #expect(command.parameters == ["a=1", "b=x"])
        #expect(command.repository.url == "memory:")
        #expect(command.launch.config == "c.yaml")
        #expect(command.next && command.launch.json && command.launch.quiet)
    }

    @Test func parsesRestart() throws {
        let command = try #require(try SluiceCommand.parseAsRoot(["restart", "12", "pin=1", "--json", "--config", "c.yaml"]) as? RestartCommand)
        #expect(command.executionId == 12)
        #expect(command.parameters == ["pin=1"])
        #expect(command.launch.json && command.launch.config == "c.yaml")
    }

    @Test func parsesControlCommands() throws {
        #expect(try #require(try SluiceCommand.parseAsRoot(["stop", "3"]) as? StopCommand).executionId == 3)
        #expect(try #require(try SluiceCommand.parseAsRoot(["abandon", "4", "--repository", "memory:"]) as? AbandonCommand).executionId == 4)
        let recover = try #require(try SluiceCommand.parseAsRoot(["recover", "--stale-after", "90s"]) as? RecoverCommand)
        #expect(recover.staleAfter.duration == .seconds(90))
        #expect(try #require(try SluiceCommand.parseAsRoot(["recover"]) as? RecoverCommand).staleAfter.duration == .seconds(300))
    }

    @Test func parsesQueries() throws {
        let list = try #require(try SluiceCommand.parseAsRoot(
            ["executions", "--job", "copy", "--status", "failed,STOPPED", "--limit", "5", "--json"]) as? ExecutionsCommand)
        #expect(list.job == "copy" && list.limit == 5 && list.json)
        #expect(list.status?.statuses == [.failed, .stopped])
        let show = try #require(try SluiceCommand.parseAsRoot(["show", "7", "--json"]) as? ShowCommand)
        #expect(show.executionId == 7 && show.json)
    }

    @Test func parsesMaintenance() throws {
        #expect(try #require(try SluiceCommand.parseAsRoot(["validate", "a.yaml", "b.yaml"]) as? ValidateCommand).jobFiles == ["a.yaml", "b.yaml"])
        #expect(try SluiceCommand.parseAsRoot(["migrate", "--repository", "sqlite:x"]) is MigrateCommand)
        let purge = try #require(try SluiceCommand.parseAsRoot(["purge", "--before", "30d"]) as? PurgeCommand)
        guard case .age(let age) = purge.before else { Issue.record("expected an age"); return }
        #expect(age == .seconds(30 * 86_400))
    }

    @Test(arguments: [
        ["run"], ["run", "job.yaml", "--bogus"], ["restart", "abc"], ["restart"], ["stop"], ["stop", "x"],
        ["abandon"], ["recover", "--stale-after", "soon"], ["executions", "--status", "DONE"], ["executions", "--limit", "0"],
        ["show"], ["validate"], ["migrate", "extra"], ["purge"], ["purge", "--before", "yesterday"], ["frobnicate"],
    ])
    func badArgumentsExitWithUsage(_ arguments: [String]) async {
        let run = await Workspace().sluice(arguments)
        #expect(run.code == 2)
        #expect(run.stderr.hasPrefix("sluice: error: "))
        #expect(run.stderr.contains("Usage:") || run.stderr.contains("USAGE:") || run.stderr.contains("Help:"))
        #expect(run.stdout.isEmpty)
    }

    @Test func noCommandPrintsHelpAndExitsWithUsage() async {
        let run = await Workspace().sluice([])
        #expect(run.code == 2)
        #expect(run.stderr.contains("SUBCOMMANDS"))
    }

    @Test func helpGoesToStandardOutput() async {
        let run = await Workspace().sluice("run", "--help")
        #expect(run.code == 0)
        #expect(run.stdout.contains("--next"))
        #expect(run.stderr.isEmpty)
    }

    @Test func helpSubcommandWorks() async {
        let run = await Workspace().sluice("help", "purge")
        #expect(run.code == 0)
        #expect(run.stdout.contains("--before"))
    }
}
