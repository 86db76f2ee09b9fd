import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// `validate` (no repository) and `migrate`.
@Suite struct ValidateAndMigrateTests {
    @Test func validFilesPrintOK() async {
        let workspace = Workspace(repository: "postgres://nobody@127.0.0.1:1/none")
        let run = await workspace.sluice("validate", "jobs/copy.yaml", "jobs/fails.yaml")
        #expect(run.code == 0)
        #expect(run.stdout == "jobs/copy.yaml: OK\njobs/fails.yaml: OK\n")
        #expect(workspace.loader.shutdownCount == 2)
    }

    @Test func everyProblemOfEveryInvalidFileIsPrinted() async {
        let workspace = Workspace()
        let run = await workspace.sluice("validate", "a/invalid.yaml", "copy.yaml", "missing.yaml")
        #expect(run.code == 2)
        #expect(run.stdout == "copy.yaml: OK\n")
        #expect(run.stderr.contains("a/invalid.yaml:3:5: unknown key 'stepz'\na/invalid.yaml:9:1: transition to unknown element 'nowhere'"))
        #expect(run.stderr.contains("sluice: error: cannot load missing.yaml"))
    }

    @Test func migrateCreatesTheSchemaThenReportsItUpToDate() async {
        let workspace = Workspace()
        let first = await workspace.sluice("migrate")
        #expect(first.code == 0)
        #expect(first.stdout.contains("applied migration"))
        #expect(first.stdout.hasPrefix("sqlite:\(workspace.path("repository.sqlite")): "))
        let second = await workspace.sluice("migrate")
        #expect(second.code == 0)
        #expect(second.stdout.contains("schema is up to date"))
    }

    @Test func migrateOfMemoryHasNothingToDo() async {
        let run = await Workspace().sluice("migrate", "--repository", "memory:")
        #expect(run.code == 0)
        #expect(run.stdout.contains("no schema to migrate"))
    }
}
