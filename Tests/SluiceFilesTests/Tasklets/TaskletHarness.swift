import Foundation
import Logging
import Sluice
import Synchronization
import Testing

/// Runs tasklets the way the engine does: in a one-step job on an in-memory repository, or
/// directly with a context taken from a real tasklet step (for cancellation and stop tests).
enum TaskletHarness {
    /// Runs `tasklet` as the only step of a job and returns the step's execution.
    static func run(_ tasklet: any Tasklet) async throws -> StepExecution {
        var configuration = JobOperator.Configuration()
        configuration.logger = Logger(label: "sluice.test", factory: { _ in SwiftLogNoOpLogHandler() })
        let repository = InMemoryJobRepository()
        let op = JobOperator(repository: repository, configuration: configuration)
        let job = try Job("tasklet-test", steps: [TaskletStep("step", tasklet: { _ in tasklet })])
        let execution = try await op.start(job)
        return try #require(try await repository.stepExecutions(jobExecutionId: execution.id).first)
    }

    /// A context as a tasklet step hands it to its tasklet.
    static func context() async throws -> TaskletContext {
        let captured = Mutex<TaskletContext?>(nil)
        _ = try await run(ClosureTasklet { context in
            captured.withLock { $0 = context }
            return .finished
        })
        return try #require(captured.withLock { $0 })
    }

    /// A fresh scratch directory under /tmp.
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "sluice-tasklets-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
