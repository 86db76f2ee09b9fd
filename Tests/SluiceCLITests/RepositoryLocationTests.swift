import Foundation
import Testing
@testable import SluiceCLI

/// Repository selection: option, environment, config, default; URL kinds; passwords never shown.
@Suite struct RepositoryLocationTests {
    /// A working directory that is never created: resolution only joins paths.
    private let workingDirectory = (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-location-test")

    private func resolve(option: String? = nil, environment: [String: String] = [:], configured: String? = nil) throws -> RepositoryLocation {
        try RepositoryLocation.resolve(option: option, environment: environment, configured: configured, workingDirectory: workingDirectory)
    }

    @Test func optionWinsOverEnvironmentAndConfig() throws {
        let location = try resolve(option: "memory:", environment: ["SLUICE_REPOSITORY": "sqlite:env.db"], configured: "sqlite:cfg.db")
        #expect(location.kind == .memory)
        #expect(location.source == .option)
    }

    @Test func environmentWinsOverConfig() throws {
        let location = try resolve(environment: ["SLUICE_REPOSITORY": "sqlite:env.db"], configured: "sqlite:cfg.db")
        #expect(location.url.database == workingDirectory + "/env.db")
        #expect(location.source == .environment)
    }

    @Test func configWinsOverDefaultAndEmptyEnvironmentIsIgnored() throws {
        let location = try resolve(environment: ["SLUICE_REPOSITORY": ""], configured: "sqlite:/abs/cfg.db")
        #expect(location.url.database == "/abs/cfg.db")
        #expect(location.source == .config)
    }

    @Test func defaultIsSQLiteUnderDotSluice() throws {
        let location = try resolve()
        #expect(location.kind == .sqlite)
        #expect(location.url.database == workingDirectory + "/.sluice/repository.sqlite")
        #expect(location.source == .defaultPath)
    }

    @Test func postgresPasswordIsNeverShown() throws {
        let location = try resolve(option: "postgres://batch:hunter2@db.local:5432/jobs")
        #expect(location.kind == .postgres)
        #expect(location.description == "postgres://batch:******@db.local:5432/jobs")
    }

    #if MySQL
    @Test func mysqlAndMariaDBURLsAreRecognised() throws {
        for scheme in ["mysql", "mariadb"] {
            let location = try resolve(option: "\(scheme)://batch:hunter2@db.local:3306/jobs")
            #expect(location.kind == .mysql)
            #expect(location.description == "\(scheme)://batch:******@db.local:3306/jobs")
        }
    }
    #else
    @Test func mysqlIsRefusedClearlyWithoutThePassword() {
        let failure = #expect(throws: CommandFailure.self) { try resolve(option: "mysql://root:hunter2@127.0.0.1:3306/jobs") }
        #expect(failure?.exitCode == 2)
        #expect(failure?.message.contains("MySQL") == true)
        #expect(failure?.message.contains("--traits MySQL") == true)
        #expect(failure?.message.contains("hunter2") == false)
    }
    #endif

    @Test func unknownSchemesAndBadURLsAreUsageErrors() {
        #expect(throws: CommandFailure.self) { try resolve(option: "redis://localhost") }
        #expect(throws: CommandFailure.self) { try resolve(option: "no-scheme-at-all") }
        #expect(throws: CommandFailure.self) { try resolve(option: "sqlite:") }
        let bad = #expect(throws: CommandFailure.self) { try resolve(option: "postgres://u:hunter2@host:99999/db") }
        #expect(bad?.message.contains("hunter2") == false)
    }

    @Test func defaultRepositoryIsCreatedAndMigratedOnFirstUse() async throws {
        let workspace = Workspace(repository: nil)
        let run = await workspace.sluice("executions")
        #expect(run.code == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path(".sluice/repository.sqlite")))
    }

    @Test func environmentVariableSelectsTheRepository() async throws {
        var workspace = Workspace(repository: nil)
        workspace.environment["SLUICE_REPOSITORY"] = "sqlite:elsewhere/repo.db"
        #expect(await workspace.sluice("run", workspace.path("copy.yaml"), "--quiet").code == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path("elsewhere/repo.db")))
        #expect(!FileManager.default.fileExists(atPath: workspace.path(".sluice")))
    }

    @Test func configRepositoryIsUsedByRun() async throws {
        let workspace = Workspace(loader: TestJobs.loader(configRepository: "sqlite:from-config.db"), repository: nil)
        let run = await workspace.sluice("run", workspace.path("copy.yaml"), "--config", workspace.path("sluice.yaml"), "--quiet")
        #expect(run.code == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path("from-config.db")))
        #expect(workspace.loader.loadOptions.first?.configPath == workspace.path("sluice.yaml"))
    }

    @Test func memoryRepositoryWorksWithinOneCommand() async {
        let run = await Workspace().sluice("run", "/jobs/copy.yaml", "--repository", "memory:", "--json")
        #expect(run.code == 0)
        #expect((try? run.object()["status"] as? String) == "COMPLETED")
    }

    @Test func unreachablePostgresIsOneClearLine() async {
        let run = await Workspace().sluice("executions", "--repository", "postgres://u:hunter2@127.0.0.1:1/nothing")
        #expect(run.code == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.last?.hasPrefix("sluice: error: cannot open the repository postgres://u:******@127.0.0.1:1/nothing") == true)
        #expect(lines.filter { $0.hasPrefix("sluice: error:") }.count == 1)
        #expect(!run.stderr.contains("hunter2"))
    }
}
