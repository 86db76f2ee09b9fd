import Metrics

/// The metrics Sluice records through swift-metrics. Labels carry only the job name, the step name
/// (partition workers report under their manager step) and a status or phase, never ids.
///
/// | name | type | dimensions |
/// |---|---|---|
/// | `sluice_job_executions_total` | counter | job, status |
/// | `sluice_job_duration_seconds` | timer | job, status |
/// | `sluice_step_executions_total` | counter | job, step, status |
/// | `sluice_step_duration_seconds` | timer | job, step, status |
/// | `sluice_items_read_total` | counter | job, step |
/// | `sluice_items_processed_total` | counter | job, step |
/// | `sluice_items_written_total` | counter | job, step |
/// | `sluice_items_filtered_total` | counter | job, step |
/// | `sluice_items_skipped_total` | counter | job, step, phase (read, process, write) |
/// | `sluice_chunk_commits_total` | counter | job, step |
/// | `sluice_chunk_rollbacks_total` | counter | job, step |
/// | `sluice_chunk_commit_seconds` | timer | job, step |
public enum SluiceMetricNames {
    public static let jobExecutions = "sluice_job_executions_total"
    public static let jobDuration = "sluice_job_duration_seconds"
    public static let stepExecutions = "sluice_step_executions_total"
    public static let stepDuration = "sluice_step_duration_seconds"
    public static let itemsRead = "sluice_items_read_total"
    public static let itemsProcessed = "sluice_items_processed_total"
    public static let itemsWritten = "sluice_items_written_total"
    public static let itemsFiltered = "sluice_items_filtered_total"
    public static let itemsSkipped = "sluice_items_skipped_total"
    public static let chunkCommits = "sluice_chunk_commits_total"
    public static let chunkRollbacks = "sluice_chunk_rollbacks_total"
    public static let chunkCommitDuration = "sluice_chunk_commit_seconds"
}

/// Records metrics for one job; counters are updated once per chunk, not per item.
struct SluiceMetrics: Sendable {
    let job: String

    /// The step label: partition workers (`load:p0`) report as their manager step (`load`).
    static func stepLabel(_ name: String) -> String {
        name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
    }

    func chunkCommitted(step: String, items: Int, before: StepCounters, after: StepCounters, since start: ContinuousClock.Instant) {
        let dims = [("job", job), ("step", Self.stepLabel(step))]
        func add(_ label: String, _ value: Int, _ extra: [(String, String)] = []) {
            if value > 0 { Counter(label: label, dimensions: dims + extra).increment(by: value) }
        }
        add(SluiceMetricNames.itemsRead, after.readCount - before.readCount)
        add(SluiceMetricNames.itemsProcessed, items)
        add(SluiceMetricNames.itemsWritten, after.writeCount - before.writeCount)
        add(SluiceMetricNames.itemsFiltered, after.filterCount - before.filterCount)
        add(SluiceMetricNames.itemsSkipped, after.readSkipCount - before.readSkipCount, [("phase", "read")])
        add(SluiceMetricNames.itemsSkipped, after.processSkipCount - before.processSkipCount, [("phase", "process")])
        add(SluiceMetricNames.itemsSkipped, after.writeSkipCount - before.writeSkipCount, [("phase", "write")])
        add(SluiceMetricNames.chunkCommits, after.commitCount - before.commitCount)
        add(SluiceMetricNames.chunkRollbacks, after.rollbackCount - before.rollbackCount)
        Timer(label: SluiceMetricNames.chunkCommitDuration, dimensions: dims).recordInterval(since: start)
    }

    func stepEnded(_ execution: StepExecution, duration: Duration) {
        let dims = [("job", job), ("step", Self.stepLabel(execution.stepName)), ("status", execution.status.rawValue)]
        Counter(label: SluiceMetricNames.stepExecutions, dimensions: dims).increment()
        Timer(label: SluiceMetricNames.stepDuration, dimensions: dims).record(duration)
    }

    func jobEnded(_ execution: JobExecution, duration: Duration) {
        let dims = [("job", job), ("status", execution.status.rawValue)]
        Counter(label: SluiceMetricNames.jobExecutions, dimensions: dims).increment()
        Timer(label: SluiceMetricNames.jobDuration, dimensions: dims).record(duration)
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        record(ContinuousClock.now - start)
    }

    func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
