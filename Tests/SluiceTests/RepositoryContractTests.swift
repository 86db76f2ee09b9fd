import Foundation
import Sluice
import SluiceTestSupport
import Testing

/// Runs the repository contract against ``InMemoryJobRepository`` and checks the counting wrapper.
@Suite struct RepositoryContractTests {
    @Test(arguments: RepositoryContract.all)
    func inMemoryRepository(_ contract: RepositoryContract) async throws {
        try await contract.run(InMemoryJobRepository())
    }

    @Test(arguments: RepositoryContract.all)
    func countingRepositoryPassesTheContract(_ contract: RepositoryContract) async throws {
        try await contract.run(CountingJobRepository(wrapping: InMemoryJobRepository()))
    }

    @Test func contractCaseNamesAreUnique() {
        let names = RepositoryContract.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count >= 16)
    }

    @Test func countingRepositoryCountsEveryCall() async throws {
        let repo = CountingJobRepository(wrapping: InMemoryJobRepository())
        #expect(repo.counts.isEmpty)
        let request = LaunchRequest(jobName: "counted", parameters: ["run": JobParameter(.int(1))])
        let execution = try await repo.createJobExecution(request)
        var started = execution
        started.status = .started
        started = try await repo.updateJobExecution(started)
        let step = try await repo.createStepExecution(StepExecution(jobExecutionId: execution.id, stepName: "load"))
        var chunk = step
        for _ in 0..<3 {
            chunk.counters.commitCount += 1
            chunk.version = try await repo.commitChunk(chunk, in: nil).version
        }
        #expect(repo.canParticipate(in: ResourcelessTransaction()) == false)
        _ = try await repo.heartbeat(jobExecutionId: execution.id)
        _ = try await repo.heartbeat(jobExecutionId: execution.id)
        _ = try await repo.requestStop(jobExecutionId: execution.id)
        _ = try await repo.updateStepExecution(chunk)
        _ = try await repo.jobNames()
        _ = try await repo.jobInstances(jobName: "counted", offset: 0, limit: 10)
        _ = try await repo.jobInstance(id: execution.instanceId)
        _ = try await repo.jobInstance(jobName: "counted", key: request.instanceKey)
        _ = try await repo.jobExecution(id: execution.id)
        _ = try await repo.jobExecutions(instanceId: execution.instanceId)
        _ = try await repo.jobExecutions(matching: .running())
        _ = try await repo.stepExecutions(jobExecutionId: execution.id)
        _ = try await repo.stepExecution(id: step.id)
        _ = try await repo.lastStepExecution(instanceId: execution.instanceId, stepName: "load")
        _ = try await repo.stepExecutionCount(instanceId: execution.instanceId, stepName: "load")
        _ = try await repo.purge(endedBefore: Date())
        // A call that throws is still counted.
        await #expect(throws: JobRepositoryError.notFound("job execution", id: 999)) {
            try await repo.heartbeat(jobExecutionId: 999)
        }

        #expect(repo.counts == [
            "createJobExecution": 1, "updateJobExecution": 1, "createStepExecution": 1, "commitChunk": 3,
            "canParticipate": 1, "heartbeat": 3, "requestStop": 1, "updateStepExecution": 1, "jobNames": 1,
            "jobInstances": 1, "jobInstance": 2, "jobExecution": 1, "jobExecutions": 2, "stepExecutions": 1,
            "stepExecution": 1, "lastStepExecution": 1, "stepExecutionCount": 1, "purge": 1,
        ])
        #expect(repo.count("commitChunk") == 3)
        #expect(repo.count("never called") == 0)

        // Calls are forwarded: the wrapped repository holds the results.
        let stored = try #require(try await repo.base.stepExecution(id: step.id))
        #expect(stored.counters.commitCount == 3)
        #expect(stored.version == 4)
        #expect(try await repo.base.jobExecution(id: execution.id)?.status == .stopping)

        repo.reset()
        #expect(repo.counts.isEmpty)
        #expect(repo.count("commitChunk") == 0)
        _ = try await repo.jobNames()
        #expect(repo.counts == ["jobNames": 1])
    }

    @Test func countingRepositoryCountsConcurrentCalls() async throws {
        let repo = CountingJobRepository(wrapping: InMemoryJobRepository())
        let execution = try await repo.createJobExecution(LaunchRequest(jobName: "beats", parameters: [:]))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { _ = try await repo.heartbeat(jobExecutionId: execution.id) }
            }
            try await group.waitForAll()
        }
        #expect(repo.count("heartbeat") == 200)
    }

    @Test func inMemoryIdsStartAtOnePerKind() async throws {
        let repo = InMemoryJobRepository()
        let e1 = try await repo.createJobExecution(LaunchRequest(jobName: "ids", parameters: ["n": JobParameter(.int(1))]))
        let e2 = try await repo.createJobExecution(LaunchRequest(jobName: "ids", parameters: ["n": JobParameter(.int(2))]))
        let s1 = try await repo.createStepExecution(StepExecution(jobExecutionId: e2.id, stepName: "a"))
        let ids: [Int] = [e1.instanceId, e1.id, e2.instanceId, e2.id, s1.id]
        #expect(ids == [1, 1, 2, 2, 1])
    }

    @Test func inMemoryUpdateKeepsIdentityFields() async throws {
        let repo = InMemoryJobRepository()
        let e = try await repo.createJobExecution(LaunchRequest(jobName: "fixed", parameters: ["n": JobParameter(.int(1))]))
        var changed = e
        changed.jobName = "other"
        changed.instanceId = 42
        changed.parameters = [:]
        let stored = try await repo.updateJobExecution(changed)
        #expect(stored.jobName == "fixed")
        #expect(stored.instanceId == e.instanceId)
        #expect(stored.parameters == e.parameters)

        let step = try await repo.createStepExecution(StepExecution(jobExecutionId: e.id, stepName: "load"))
        var moved = step
        moved.stepName = "renamed"
        moved.jobExecutionId = 42
        let storedStep = try await repo.updateStepExecution(moved)
        #expect(storedStep.stepName == "load")
        #expect(storedStep.jobExecutionId == e.id)
    }

    @Test func inMemoryChunkCommitsStayCheap() async throws {
        // 10,000 commits as in the benchmark; quadratic work would make this take far longer.
        let repo = InMemoryJobRepository()
        let e = try await repo.createJobExecution(LaunchRequest(jobName: "bench", parameters: [:]))
        var step = try await repo.createStepExecution(StepExecution(jobExecutionId: e.id, stepName: "load"))
        for n in 1...10_000 {
            step.counters.writeCount = n
            step.executionContext["reader.read.count"] = .int(n)
            step.version = try await repo.commitChunk(step, in: nil).version
        }
        let stored = try #require(try await repo.stepExecution(id: step.id))
        #expect(stored.version == 10_000)
        #expect(stored.counters.writeCount == 10_000)
    }
}
