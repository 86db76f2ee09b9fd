import InMemoryTracing
import Metrics
import MetricsTestKit
import Sluice
import SluiceTestSupport
import Testing
import Tracing

/// The metrics and tracing backends are process-wide and can be bootstrapped once; every test
/// here uses its own job name so that tests running in parallel do not see each other's data.
enum ObservabilityBackends {
    static let installed: (metrics: TestMetrics, tracer: InMemoryTracer) = {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        MetricsSystem.bootstrap(metrics)
        InstrumentationSystem.bootstrap(tracer)
        return (metrics, tracer)
    }()
}

@Suite struct ObservabilityTests {
    @Test func chunkStepsRecordDocumentedMetrics() async throws {
        let (metrics, _) = ObservabilityBackends.installed
        let step = ChunkStep<Int, Int>("metered", chunkSize: 10,
                                       reader: { _ in ArrayItemReader(Array(1...25)) },
                                       processor: { _ in ClosureItemProcessor { $0 % 5 == 0 ? nil : $0 } },
                                       writer: { _ in ArrayItemWriter<Int>() })
        let job = try Job("obs-metrics", steps: [step])
        let execution = try await JobOperator(repository: InMemoryJobRepository(), configuration: .quiet).start(job)
        #expect(execution.status == .completed)
        let dims = [("job", "obs-metrics"), ("step", "metered")]
        #expect(try metrics.expectCounter(SluiceMetricNames.itemsRead, dims).totalValue == 25)
        #expect(try metrics.expectCounter(SluiceMetricNames.itemsProcessed, dims).totalValue == 25)
        #expect(try metrics.expectCounter(SluiceMetricNames.itemsFiltered, dims).totalValue == 5)
        #expect(try metrics.expectCounter(SluiceMetricNames.itemsWritten, dims).totalValue == 20)
        #expect(try metrics.expectCounter(SluiceMetricNames.chunkCommits, dims).totalValue == 3)
        #expect(try metrics.expectTimer(SluiceMetricNames.chunkCommitDuration, dims).values.count == 3)
        #expect(try metrics.expectTimer(SluiceMetricNames.stepDuration, dims + [("status", "COMPLETED")]).values.count == 1)
        #expect(try metrics.expectCounter(SluiceMetricNames.jobExecutions, [("job", "obs-metrics"), ("status", "COMPLETED")]).totalValue == 1)
        #expect(try metrics.expectTimer(SluiceMetricNames.jobDuration, [("job", "obs-metrics"), ("status", "COMPLETED")]).values.count == 1)
    }

    @Test func noMetricLabelCarriesAnId() async throws {
        let (metrics, _) = ObservabilityBackends.installed
        let step = PartitionStep("parts", worker: ChunkStep<Int, Int>("w", reader: { _ in ArrayItemReader([1, 2]) }, writer: { _ in ArrayItemWriter<Int>() }),
                                 partitioner: StaticPartitioner([["n": 1], ["n": 2]]), threads: 2)
        let job = try Job("obs-labels", steps: [step])
        _ = try await JobOperator(repository: InMemoryJobRepository(), configuration: .quiet).start(job)
        let ours = metrics.counters.filter { $0.dimensions.contains { $0 == ("job", "obs-labels") } }
        #expect(!ours.isEmpty)
        for counter in ours {
            let keys = Set(counter.dimensions.map(\.0))
            #expect(keys.isSubset(of: ["job", "step", "status", "phase"]))
            // Partition workers report under their manager step.
            #expect(!counter.dimensions.contains { $0.0 == "step" && $0.1.contains(":") })
        }
        #expect(try metrics.expectCounter(SluiceMetricNames.itemsRead, [("job", "obs-labels"), ("step", "parts")]).totalValue == 4)
    }

    @Test func jobStepAndChunkSpansNest() async throws {
        let (_, tracer) = ObservabilityBackends.installed
        let step = ChunkStep<Int, Int>("traced-step", chunkSize: 2,
                                       reader: { _ in ArrayItemReader([1, 2, 3]) },
                                       writer: { _ in ArrayItemWriter<Int>() })
        let job = try Job("obs-traces", steps: [step])
        let execution = try await JobOperator(repository: InMemoryJobRepository(), configuration: .quiet).start(job)
        let spans = tracer.finishedSpans
        let jobSpan = try #require(spans.first { $0.operationName == "sluice.job" && $0.attributes.get("sluice.job.name") == .string("obs-traces") })
        #expect(jobSpan.attributes.get("sluice.job.execution_id") == .int64(Int64(execution.id)))
        #expect(jobSpan.attributes.get("sluice.job.status") == .string("COMPLETED"))
        let stepSpan = try #require(spans.first { $0.operationName == "sluice.step" && $0.attributes.get("sluice.step.name") == .string("traced-step") })
        #expect(stepSpan.parentSpanID == jobSpan.spanID)
        let chunks = spans.filter { $0.operationName == "sluice.chunk" && $0.attributes.get("sluice.step.name") == .string("traced-step") }
        #expect(chunks.count == 2)
        #expect(chunks.allSatisfy { $0.parentSpanID == stepSpan.spanID })
        #expect(chunks.map { $0.attributes.get("sluice.chunk.items") }.contains(.int64(2)))
    }
}
