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

    /// The per-chunk metrics of one step, created once when the step starts.
    func chunkMetrics(step: String) -> ChunkMetrics { ChunkMetrics(job: job, step: Self.stepLabel(step)) }

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

/// Counters and the commit timer of one step, created once per step execution so that a chunk
/// commit costs a few atomic increments, not metric lookups.
struct ChunkMetrics: Sendable {
    let read, processed, written, filtered, readSkips, processSkips, writeSkips, commits, rollbacks: Counter
    let commitDuration: Timer

    init(job: String, step: String) {
        let dims = [("job", job), ("step", step)]
        read = Counter(label: SluiceMetricNames.itemsRead, dimensions: dims)
        processed = Counter(label: SluiceMetricNames.itemsProcessed, dimensions: dims)
        written = Counter(label: SluiceMetricNames.itemsWritten, dimensions: dims)
        filtered = Counter(label: SluiceMetricNames.itemsFiltered, dimensions: dims)
        readSkips = Counter(label: SluiceMetricNames.itemsSkipped, dimensions: dims + [("phase", "read")])
        processSkips = Counter(label: SluiceMetricNames.itemsSkipped, dimensions: dims + [("phase", "process")])
        writeSkips = Counter(label: SluiceMetricNames.itemsSkipped, dimensions: dims + [("phase", "write")])
        commits = Counter(label: SluiceMetricNames.chunkCommits, dimensions: dims)
        rollbacks = Counter(label: SluiceMetricNames.chunkRollbacks, dimensions: dims)
        commitDuration = Timer(label: SluiceMetricNames.chunkCommitDuration, dimensions: dims)
    }

    /// Records a committed chunk: the counter deltas and the time from the chunk's first read.
    func committed(items processedItems: Int, before: StepCounters, after: StepCounters, since start: ContinuousClock.Instant) {
        func add(_ counter: Counter, _ value: Int) { if value > 0 { counter.increment(by: value) } }
        add(read, after.readCount - before.readCount)
        add(processed, processedItems)
        add(written, after.writeCount - before.writeCount)
        add(filtered, after.filterCount - before.filterCount)
        add(readSkips, after.readSkipCount - before.readSkipCount)
        add(processSkips, after.processSkipCount - before.processSkipCount)
        add(writeSkips, after.writeSkipCount - before.writeSkipCount)
        add(commits, after.commitCount - before.commitCount)
        add(rollbacks, after.rollbackCount - before.rollbackCount)
        commitDuration.recordInterval(since: start)
    }
}
