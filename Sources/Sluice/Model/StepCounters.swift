/// The item counters of a step execution.
///
/// `readCount` counts items read successfully; read skips are only in `readSkipCount`, so that
/// `readCount == writeCount + filterCount + processSkipCount + writeSkipCount` once a step ends.
public struct StepCounters: Sendable, Hashable, Codable {
    /// Items read successfully.
    public var readCount = 0
    /// Items written.
    public var writeCount = 0
    /// Items the processor filtered out (returned nil for).
    public var filterCount = 0
    /// Read errors skipped.
    public var readSkipCount = 0
    /// Items skipped because processing failed.
    public var processSkipCount = 0
    /// Items skipped because writing failed.
    public var writeSkipCount = 0
    /// Transactions committed (chunks, or tasklet iterations).
    public var commitCount = 0
    /// Transactions rolled back.
    public var rollbackCount = 0

    /// All counters zero.
    public init() {}

    /// Every skip, whatever the phase.
    public var skipCount: Int { readSkipCount + processSkipCount + writeSkipCount }

    /// The sum of two sets of counters, used to aggregate partitions.
    public static func + (a: StepCounters, b: StepCounters) -> StepCounters {
        var r = StepCounters()
        r.readCount = a.readCount + b.readCount
        r.writeCount = a.writeCount + b.writeCount
        r.filterCount = a.filterCount + b.filterCount
        r.readSkipCount = a.readSkipCount + b.readSkipCount
        r.processSkipCount = a.processSkipCount + b.processSkipCount
        r.writeSkipCount = a.writeSkipCount + b.writeSkipCount
        r.commitCount = a.commitCount + b.commitCount
        r.rollbackCount = a.rollbackCount + b.rollbackCount
        return r
    }
}
