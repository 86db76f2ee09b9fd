/// How far a step has got, for progress displays: readers that know the size of their input
/// store the work done and the total (in any unit, e.g. bytes) in the step context at each
/// commit, under these keys, so any process reading the repository can draw a progress bar.
public enum StepProgress {
    /// The work done so far (an int).
    public static let doneKey = "sluice.progress.done"
    /// The total work (an int).
    public static let totalKey = "sluice.progress.total"

    /// Stores `done` of `total` in `context`.
    public static func record(done: Int, total: Int, in context: inout ExecutionContext) {
        context[doneKey] = .int(done)
        context[totalKey] = .int(total)
    }

    /// The fraction done (0...1) recorded in `context`, if any.
    public static func fraction(in context: ExecutionContext) -> Double? {
        guard let done = context.int(doneKey), let total = context.int(totalKey), total > 0 else { return nil }
        return min(1, max(0, Double(done) / Double(total)))
    }
}
