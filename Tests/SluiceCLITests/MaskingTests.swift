import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// Secrets print as `******` in every output, while the job receives the real value.
@Suite struct MaskingTests {
    @Test func secretsAreMaskedEverywhereButTheJobSeesThem() async throws {
        let log = ParameterLog()
        let workspace = Workspace(loader: TestJobs.loader(log: log))
        let run = await workspace.sluice("run", workspace.path("secretive.yaml"), "pin=4711", "api_key=abc123", "user=ann", "--json")
        #expect(run.code == 0)
        #expect(log.all.first?["pin"]?.value == .int(4711))
        #expect(log.all.first?["api_key"]?.value == .string("abc123"))

        let outputs = [
            run,
            await workspace.sluice("show", "1"),
            await workspace.sluice("show", "1", "--json"),
            await workspace.sluice("executions"),
            await workspace.sluice("executions", "--json"),
        ]
        for output in outputs {
            let text = output.stdout + output.stderr
            #expect(!text.contains("4711") && !text.contains("abc123"))
            #expect(text.contains("******"))
            #expect(text.contains("ann"))
        }
        let parameters = try #require(try run.object()["parameters"] as? [String: String])
        #expect(parameters == ["pin": "******", "api_key": "******", "user": "ann"])
    }

    @Test func secretsAreStoredMasked() async throws {
        let workspace = Workspace(loader: TestJobs.loader())
        #expect(await workspace.sluice("run", workspace.path("secretive.yaml"), "pin=4711", "--quiet").code == 0)
        let stored = try await workspace.execution(1)
        #expect(stored.parameters["pin"]?.value == .string("******"))
    }

    @Test func secretLookingNamesAreMaskedEvenIfStoredPlainly() {
        let shown = DisplayedParameters(["db_password": JobParameter(.string("plain")), "name": JobParameter(.string("x"))])
        #expect(shown.text == "db_password=****** name=x")
    }

    @Test func invalidSecretValueIsNotEchoed() async {
        let workspace = Workspace()
        let run = await workspace.sluice("run", workspace.path("secretive.yaml"), "pin=12ab")
        #expect(run.code == 2)
        #expect(!run.stderr.contains("12ab"))
        #expect(run.stderr.contains("******"))
    }

    @Test func repositoryPasswordIsNeverPrinted() async {
        // Without the MySQL trait the URL is refused (usage error); with it, nothing listens there.
        let run = await Workspace().sluice("migrate", "--repository", "mysql://root:s3cr3t@127.0.0.1:1/jobs")
        #expect(run.code != 0)
        #expect(!run.stderr.contains("s3cr3t"))
        #expect(run.stderr.contains("mysql://root:******@127.0.0.1:1/jobs"))
    }
}
