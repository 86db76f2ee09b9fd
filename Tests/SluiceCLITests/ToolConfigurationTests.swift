import Foundation
import Sluice
@testable import SluiceCLI
import SluiceJSL
import Testing

/// `--config FILE`: the repository and connections of an environment.
@Suite("Configuration files")
struct ToolConfigurationTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func repositoryAndConnectionsWithSecretsResolved() throws {
        let path = try write("prod.yaml", """
            repository: "postgres://batch:${env:REPO_PW}@db:5432/batch"
            connections:
              target: { url: "postgres://loader:${file:pw.txt}@warehouse/shop" }
              local: "sqlite:data.sqlite"
            """)
        _ = try write("pw.txt", "s3cret\n")
        let config = try ToolConfiguration(path: path, environment: ["REPO_PW": "hunter2"])
        #expect(config.repositoryURL == "postgres://batch:hunter2@db:5432/batch")
        let target = try #require(config.connections.first { $0.name == "target" })
        #expect(target.url == "postgres://loader:s3cret@warehouse/shop")
        #expect(target.redactedURL == "postgres://loader:******@warehouse/shop")
        #expect(config.connections.map(\.name).sorted() == ["local", "target"])
    }

    @Test func problemsAreReportedWithLocationsAndNoSecrets() throws {
        let path = try write("bad.yaml", """
            repositry: "sqlite:x"
            connections:
              target: { user: me }
            """)
        #expect { try ToolConfiguration(path: path, environment: [:]) } throws: { error in
            let problems = (error as? JobFileInvalid)?.problems ?? []
            return problems.contains("\(path):1:1: unknown key 'repositry' (did you mean 'repository'?)")
                && problems.contains { $0.hasPrefix("\(path):3:11: connection 'target' needs a url") }
        }
        let missing = try write("env.yaml", "repository: \"postgres://u:${env:NOT_SET_ANYWHERE}@h/db\"\n")
        #expect { try ToolConfiguration(path: missing, environment: [:]) } throws: { error in
            "\(error)".contains("environment variable 'NOT_SET_ANYWHERE' is not set")
        }
        #expect(throws: JobFileInvalid.self) { try ToolConfiguration(path: directory.appendingPathComponent("none.yaml").path, environment: [:]) }
        let list = try write("list.yaml", "- a\n- b\n")
        #expect(throws: JobFileInvalid.self) { try ToolConfiguration(path: list, environment: [:]) }
    }

    @Test func configConnectionsReplaceTheJobFiles() async throws {
        let job = try write("job.yaml", """
            job: uses-config
            connections:
              target: "sqlite:from-job.sqlite"
            steps:
              - step: a
                tasklet: { sql: { connection: target, statements: ["CREATE TABLE t (x INTEGER)"] } }
            """)
        let db = directory.appendingPathComponent("from-config.sqlite").path
        let config = try write("config.yaml", "repository: \"memory:\"\nconnections:\n  target: \"sqlite:\(db)\"\n")
        let loader = YAMLJobLoader(registry: .builtIn)
        let loaded = try await loader.load(path: job, options: LoadOptions(configPath: config, environment: [:]))
        #expect(loaded.repositoryURL == "memory:")
        let execution = try await JobOperator(repository: InMemoryJobRepository()).start(loaded.job)
        await loaded.shutdown()
        #expect(execution.status == .completed)
        #expect(FileManager.default.fileExists(atPath: db))
        #expect(try await loader.repositoryURL(configPath: config, environment: [:]) == "memory:")
    }

    @Test func invalidJobFilesBecomeJobFileInvalid() async throws {
        let job = try write("broken.yaml", "job: x\nsteps: nope\n")
        await #expect(throws: JobFileInvalid.self) {
            _ = try await YAMLJobLoader(registry: .builtIn).load(path: job, options: LoadOptions())
        }
    }
}
