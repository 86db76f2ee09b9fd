import Foundation
import Sluice
import SluiceHTTP
import SluiceJSL
import SluiceTestSupport
import Synchronization

/// Records written by the `collect` test writer, by the `bin` property.
let collectedRecords = Mutex<[String: [Record]]>([:])

/// Properties of the `collect` test writer.
struct CollectProperties: Decodable, Sendable {
    var bin: String
}

/// A writer that keeps what it writes in ``collectedRecords``.
struct CollectWriter: ItemWriter {
    let bin: String
    func write(_ chunk: Chunk<Record>) async throws {
        collectedRecords.withLock { $0[bin, default: []].append(contentsOf: chunk.items) }
    }
}

/// Job files in a temporary folder, run with the http components and the `collect` writer.
struct JobHarness {
    let directory: String
    let repository = InMemoryJobRepository()
    let bin = UUID().uuidString

    init() throws {
        directory = NSTemporaryDirectory() + "sluice-http-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    static var registry: ComponentRegistry {
        var registry = ComponentRegistry()
        HTTPComponents.register(in: &registry)
        registry.registerWriter("collect", properties: CollectProperties.self) { props, _ in CollectWriter(bin: props.bin) }
        return registry
    }

    /// What the `collect` writer of this harness received.
    var collected: [Record] { collectedRecords.withLock { $0[bin] ?? [] } }

    /// Writes `yaml` as a job file and runs it (a restart when its last execution failed).
    func run(_ yaml: String, name: String = "job.yaml") async throws -> (JobExecution, [String]) {
        let path = directory + "/" + name
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try await YAMLJobLoader(registry: Self.registry).load(path: path)
        let op = JobOperator(repository: repository, configuration: .quiet)
        let execution = try await op.start(loaded.job)
        await loaded.shutdown()
        var messages = execution.failures.map(\.message)
        for step in try await repository.stepExecutions(jobExecutionId: execution.id) {
            messages += step.failures.map(\.message)
        }
        return (execution, messages)
    }

    func file(_ name: String) -> String { directory + "/" + name }
}
