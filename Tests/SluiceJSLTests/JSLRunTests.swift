import Foundation
import Sluice
import SluiceJSL
import SluiceTestSupport
import Testing

@Suite("JSL jobs run")
struct JSLRunTests {
    let sink = TestSink()
    var registry: ComponentRegistry { TestRegistry.make(sink: sink) }

    private func run(_ text: String, parameters: JobParameters = [:], environment: [String: String] = [:]) async throws -> JobExecution {
        let file = try JobFile(text)
        let loaded = try await YAMLJobLoader(registry: registry).load(path: file.path, environment: environment)
        defer { Task { await loaded.shutdown() } }
        let op = JobOperator(repository: InMemoryJobRepository(), configuration: .quiet)
        return try await op.start(loaded.job, parameters: parameters)
    }

    @Test func chunkStepWithLateBoundParametersAndProcessorChain() async throws {
        let execution = try await run("""
            job: late
            parameters:
              n: { type: int, required: true }
            steps:
              - step: load
                chunk:
                  size: 2
                  reader: { numbers: { count: "#{jobParameters['n']}", prefix: "row-#{jobParameters['n']}-" } }
                  processor: [ upper, { upper: {} } ]
                  writer: { collect: { into: out } }
            """, parameters: ["n": JobParameter(.int(3), secret: false)])
        #expect(execution.status == .completed)
        #expect(sink.items("out").map { $0["name"] } == [.string("ROW-3-1"), .string("ROW-3-2"), .string("ROW-3-3")])
    }

    @Test func missingRequiredParameterIsRefused() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await run("""
                job: needs-n
                parameters: { n: { type: int, required: true } }
                steps:
                  - step: a
                    tasklet: { note: { text: a } }
                """)
        }
    }

    @Test func decisionRoutesOnStepCounts() async throws {
        let execution = try await run("""
            job: decide
            steps:
              - step: load
                chunk:
                  reader: { numbers: { count: 5 } }
                  writer: { collect: { into: out } }
              - decision: enough
                when:
                  - { if: "steps['load'].writeCount >= 5 and jobParameters['mode'] == 'full'", status: BIG }
                  - { else: SMALL }
                transitions:
                  - { on: BIG, to: big }
                  - { on: SMALL, to: small }
              - step: big
                tasklet: { note: { text: big } }
                transitions: [ { on: "*", end: true } ]
              - step: small
                tasklet: { note: { text: small } }
            """, parameters: ["mode": JobParameter(.string("full"), secret: false)])
        #expect(execution.status == .completed)
        #expect(sink.items("notes").map { $0["text"] } == [.string("big")])
    }

    @Test func endTransitionSetsExitStatusAndTaskletExitStatusDrivesFlow() async throws {
        let execution = try await run("""
            job: exits
            steps:
              - step: check
                tasklet: { note: { text: c, exit-status: EMPTY } }
                transitions:
                  - { on: EMPTY, end: { exit-status: NOTHING-TO-DO } }
                  - { on: "*", to: work }
              - step: work
                tasklet: { note: { text: w } }
            """)
        #expect(execution.status == .completed)
        #expect(execution.exitStatus.code == "NOTHING-TO-DO")
        #expect(sink.items("notes").count == 1)
    }

    @Test func failingTaskletFailsTheJobAndFailTransitionOverrides() async throws {
        let failed = try await run("""
            job: failing
            steps:
              - step: boom
                tasklet: fail
            """)
        #expect(failed.status == .failed)
        let marked = try await run("""
            job: failing2
            steps:
              - step: ok
                tasklet: { note: { text: ok } }
                transitions: [ { on: COMPLETED, fail: { exit-status: FORCED } } ]
            """)
        #expect(marked.status == .failed)
        #expect(marked.exitStatus.code == "FORCED")
    }

    @Test func splitRunsEveryFlow() async throws {
        let execution = try await run("""
            job: parallel
            steps:
              - split: both
                threads: 2
                flows:
                  - - step: left
                      tasklet: { note: { text: left } }
                  - - step: right
                      tasklet: { note: { text: right } }
              - step: after
                tasklet: { note: { text: after } }
            """)
        #expect(execution.status == .completed)
        let notes = sink.items("notes").compactMap { $0["text"]?.description }
        #expect(Set(notes.prefix(2)) == ["left", "right"])
        #expect(notes.last == "after")
    }

    @Test func partitionPlanValuesAreBoundPerPartition() async throws {
        let execution = try await run("""
            job: parts
            steps:
              - step: load
                partition:
                  threads: 2
                  plan: [ { prefix: a, count: 2 }, { prefix: b, count: 3 } ]
                chunk:
                  reader: { numbers: { count: "#{partition['count']}", prefix: "#{partition['prefix']}" } }
                  writer: { collect: { into: out } }
            """)
        #expect(execution.status == .completed)
        let names = Set(sink.items("out").compactMap { $0["name"]?.description })
        #expect(names == ["a1", "a2", "b1", "b2", "b3"])
    }

    @Test func environmentAndFileReferencesAreResolvedAtLoad() async throws {
        let file = try JobFile("""
            job: env
            steps:
              - step: a
                tasklet: { note: { text: "${env:GREETING}, ${file:name.txt}! $${kept}" } }
            """)
        try "world\n".write(to: file.directory.appendingPathComponent("name.txt"), atomically: true, encoding: .utf8)
        let loaded = try await YAMLJobLoader(registry: registry).load(path: file.path, environment: ["GREETING": "hello"])
        let op = JobOperator(repository: InMemoryJobRepository(), configuration: .quiet)
        let execution = try await op.start(loaded.job)
        #expect(execution.status == .completed)
        #expect(sink.items("notes").first?["text"] == .string("hello, world! ${kept}"))
        await loaded.shutdown()
    }

    @Test func unresolvablePlaceholderFailsTheStepWithItsLocation() async throws {
        let execution = try await run("""
            job: unresolved
            steps:
              - step: load
                chunk:
                  reader: { numbers: { count: "#{jobParameters['missing']}" } }
                  writer: { collect: { into: out } }
            """)
        #expect(execution.status == .failed)
    }

    @Test func registeredDeciderAndListeners() async throws {
        let execution = try await run("""
            job: custom
            listeners: [ { audit: { text: job } } ]
            steps:
              - step: load
                listeners: [ { audit: { text: step } } ]
                chunk:
                  reader: { numbers: { count: 3 } }
                  writer: { collect: { into: out } }
              - decision: parity
                ref: { parity: { step: load } }
                transitions:
                  - { on: ODD, to: odd }
                  - { on: EVEN, end: true }
              - step: odd
                tasklet: { note: { text: odd } }
            """)
        #expect(execution.status == .completed)
        #expect(sink.items("notes").map { $0["text"] } == [.string("odd")])
        let events = sink.items("audit").compactMap { $0["event"]?.description }
        #expect(events == ["step: step load", "job: job COMPLETED"])
    }

    @Test func jobLevelListenerMustBeAJobListener() async throws {
        var registry = self.registry
        registry.registerListener("chunky", properties: TestRegistry.Empty.self) { _, _ in "not a listener" }
        let file = try JobFile("""
            job: wrong-listener
            listeners: [ chunky ]
            steps:
              - step: a
                tasklet: { note: { text: a } }
            """)
        await #expect(throws: BatchError.self) { _ = try await YAMLJobLoader(registry: registry).load(path: file.path) }
    }
}
