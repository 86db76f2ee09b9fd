import Foundation
import Sluice
import SluiceCLI
import Synchronization

/// Swift-built jobs for the command tests.
enum TestJobs {
    /// `copy`: reads `count` numbers in chunks of 10, filters multiples of 7, writes the rest.
    static func copy(count: Int = 100, name: String = "copy") throws -> LoadedJob {
        let step = ChunkStep<Int, Int>(
            "load", chunkSize: 10,
            reader: { _ in ArrayItemReader(Array(1...count)) },
            processor: { _ in ClosureItemProcessor { $0 % 7 == 0 ? nil : $0 } },
            writer: { _ in ArrayItemWriter<Int>() })
        let job = try Job(name, steps: [step]).incrementer(RunIdIncrementer())
        return LoadedJob(job: job, parameters: [
            "input": JobParameterDeclaration(.string),
            "limit": JobParameterDeclaration(.int, default: .int(1000), identifying: false),
            "password": JobParameterDeclaration(.string, secret: true),
        ])
    }

    /// `fails`: a tasklet that throws a categorized error.
    static func fails() throws -> LoadedJob {
        let step = TaskletStep("explode") { _ in throw BatchError(.io, "disk on fire\nsecond line") }
        return LoadedJob(job: try Job("fails", steps: [step]))
    }

    /// `flaky`: fails while `broken` is set, completes after; for restart tests.
    static func flaky(_ broken: Switch) throws -> LoadedJob {
        let first = TaskletStep("first") { _ in .finished }
        let second = TaskletStep("second") { _ in
            if broken.isOn { throw BatchError(.transient, "not yet") }
            return .finished
        }
        return LoadedJob(job: try Job("flaky", steps: [first, second]), parameters: ["region": JobParameterDeclaration(.string)])
    }

    /// `endless`: a tasklet that keeps going (20 ms per call) until it is stopped.
    static func endless(seen: ParameterLog? = nil) throws -> LoadedJob {
        let step = TaskletStep("spin", tasklet: { context in
            seen?.record(context.jobParameters)
            return ClosureTasklet { _ in
                try await Task.sleep(for: .milliseconds(20))
                return .continuable
            }
        })
        return LoadedJob(job: try Job("endless", steps: [step]))
    }

    /// `slow`: a tasklet whose every call takes 2 s, so a stop takes that long to be noticed.
    static func slow() throws -> LoadedJob {
        let step = TaskletStep("crawl") { _ in
            try? await Task.sleep(for: .seconds(2))
            return .continuable
        }
        return LoadedJob(job: try Job("slow", steps: [step]))
    }

    /// `partitioned`: three partitions of ten items each.
    static func partitioned() throws -> LoadedJob {
        let worker = ChunkStep<Int, Int>(
            "load", chunkSize: 5,
            reader: { context in ArrayItemReader(Array(1...(context.partition?.int("size") ?? 0))) },
            writer: { _ in ArrayItemWriter<Int>() })
        let plan = StaticPartitioner([["size": 10], ["size": 10], ["size": 10]])
        let step = PartitionStep("load", worker: worker, partitioner: plan, threads: 2)
        return LoadedJob(job: try Job("partitioned", steps: [step]))
    }

    /// `secretive`: records the parameters it receives.
    static func secretive(_ log: ParameterLog) throws -> LoadedJob {
        let step = TaskletStep("use", tasklet: { context in
            log.record(context.jobParameters)
            return ClosureTasklet { _ in .finished }
        })
        return LoadedJob(job: try Job("secretive", steps: [step]), parameters: ["pin": JobParameterDeclaration(.int, secret: true)])
    }

    /// The loader serving every test job.
    static func loader(broken: Switch = Switch(), log: ParameterLog = ParameterLog(), configRepository: String? = nil) -> FakeJobLoader {
        FakeJobLoader(configRepository: configRepository, [
            "copy.yaml": { try copy() },
            "other.yaml": { try copy(name: "other") },
            "fails.yaml": { try fails() },
            "flaky.yaml": { try flaky(broken) },
            "endless.yaml": { try endless(seen: log) },
            "partitioned.yaml": { try partitioned() },
            "slow.yaml": { try slow() },
            "secretive.yaml": { try secretive(log) },
        ])
    }
}

/// A flag tests flip while a job is loaded elsewhere.
final class Switch: Sendable {
    private let state: Mutex<Bool>
    init(_ on: Bool = false) { state = Mutex(on) }
    var isOn: Bool { state.withLock { $0 } }
    func set(_ on: Bool) { state.withLock { $0 = on } }
}

/// The job parameters steps received, to check that jobs see real secret values.
final class ParameterLog: Sendable {
    private let seen = Mutex<[JobParameters]>([])
    func record(_ parameters: JobParameters) { seen.withLock { $0.append(parameters) } }
    var all: [JobParameters] { seen.withLock { $0 } }
}
