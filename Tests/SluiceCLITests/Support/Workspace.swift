import Foundation
import Sluice
import Testing
@testable import SluiceCLI

/// What one in-process `sluice` invocation printed and returned.
struct ToolRun: Sendable {
    var code: Int32
    var stdout: String
    var stderr: String

    /// Standard output parsed as JSON.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    /// Standard output parsed as one JSON object.
    func object() throws -> [String: Any] { try #require(try json() as? [String: Any]) }
}

/// A temporary working directory with an SQLite repository named by `SLUICE_REPOSITORY`, in
/// which tests run `sluice` commands in-process.
struct Workspace: Sendable {
    let directory: String
    let loader: FakeJobLoader
    var environment: [String: String]

    init(loader: FakeJobLoader = TestJobs.loader(), repository: String? = "sqlite:repository.sqlite") {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.loader = loader
        environment = repository.map { [RepositoryLocation.environmentVariable: $0] } ?? [:]
    }

    /// The path of a file in the workspace.
    func path(_ name: String) -> String { directory + "/" + name }

    /// Runs `sluice ARGUMENTS` in-process.
    func sluice(_ arguments: String..., terminal: Bool = false, interrupts: (any InterruptSource)? = nil) async -> ToolRun {
        await sluice(arguments, terminal: terminal, interrupts: interrupts)
    }

    func sluice(_ arguments: [String], terminal: Bool = false, interrupts: (any InterruptSource)? = nil) async -> ToolRun {
        let out = CapturedText(), err = CapturedText()
        let context = self.context(Console(standardOutput: out, standardError: err, errorIsTerminal: terminal), interrupts: interrupts)
        let code = await SluiceTool.run(arguments: arguments, context: context)
        return ToolRun(code: code, stdout: out.text, stderr: err.text)
    }

    /// A tool context in the workspace.
    func context(_ console: Console, interrupts: (any InterruptSource)? = nil) -> ToolContext {
        ToolContext(loader: loader, console: console, environment: environment, workingDirectory: directory, interrupts: interrupts)
    }

    /// Opens the workspace's repository to inspect or prepare it.
    func withRepository<R: Sendable>(_ body: (any JobRepository) async throws -> R) async throws -> R {
        let location = try RepositoryLocation.resolve(option: nil, environment: environment, configured: nil, workingDirectory: directory)
        let quiet = context(Console(standardOutput: CapturedText(), standardError: CapturedText()))
        let opened = try await OpenedRepository.open(location, logger: quiet.logger)
        do {
            let result = try await body(opened.repository)
            await opened.close()
            return result
        } catch {
            await opened.close()
            throw error
        }
    }

    /// The execution with an id.
    func execution(_ id: Int) async throws -> JobExecution {
        try #require(try await withRepository { try await $0.jobExecution(id: id) })
    }

    /// The id printed in `run --json` output.
    static func executionId(_ run: ToolRun) throws -> Int { try #require(try run.object()["id"] as? Int) }
}
