/// Counts tasks running between `enter` and `leave`. `enter` holds each task until as many tasks
/// are inside as the bound allows (or as are left), so a correct engine reaches exactly the bound
/// and an engine that allows more exceeds it: concurrency limits are asserted without sleeps.
public actor ConcurrencyProbe {
    /// The concurrency the engine should allow.
    public let bound: Int
    /// How many tasks will enter in all.
    public let total: Int
    /// Tasks inside now.
    public private(set) var current = 0
    /// The most tasks seen inside at once.
    public private(set) var maxSeen = 0
    private var finished = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates a probe for `total` tasks expected to run at most `bound` at a time.
    public init(bound: Int, total: Int) {
        self.bound = bound
        self.total = total
    }

    private var full: Bool { current >= Swift.min(bound, total - finished) }

    /// Enters; waits until the bound (or the rest of the tasks) is inside.
    public func enter() async {
        current += 1
        maxSeen = Swift.max(maxSeen, current)
        if full {
            release()
        } else {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in waiters.append(c) }
        }
    }

    /// Leaves.
    public func leave() {
        current -= 1
        finished += 1
        if current > 0, full { release() }
    }

    private func release() {
        let w = waiters
        waiters = []
        for c in w { c.resume() }
    }
}
