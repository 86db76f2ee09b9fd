/// Which errors to retry, how often, and how long to wait in between.
///
/// `limit: N` allows N retries of one read, one item's processing, or one chunk's write; when
/// they are used up the error goes to the skip policy, and fails the step if that does not skip it.
/// A retried write gets exactly the same items again: nothing is dropped.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries allowed per operation.
    public var limit: Int
    /// The errors that are retried.
    public var on: [ErrorMatcher]
    /// The wait before each retry.
    public var backoff: Backoff

    /// Creates a policy.
    public init(limit: Int, on: [ErrorMatcher], backoff: Backoff = .none) {
        self.limit = limit
        self.on = on
        self.backoff = backoff
    }

    /// Never retry.
    public static let never = RetryPolicy(limit: 0, on: [])

    /// Whether `error` should be retried after `attempt` retries so far.
    public func shouldRetry(_ error: any Error, retriesSoFar attempt: Int) -> Bool {
        attempt < limit && on.matches(error)
    }
}

/// Which errors may be skipped and how many skips a step execution tolerates in total.
///
/// `limit: N` allows N skips (read, process and write together); the next one fails the step.
public struct SkipPolicy: Sendable, Hashable {
    /// Skips allowed per step execution.
    public var limit: Int
    /// The errors that may be skipped.
    public var on: [ErrorMatcher]

    /// Creates a policy.
    public init(limit: Int, on: [ErrorMatcher]) {
        self.limit = limit
        self.on = on
    }

    /// Never skip.
    public static let never = SkipPolicy(limit: 0, on: [])

    /// Whether `error` is of a skippable kind (the limit is checked separately).
    public func isSkippable(_ error: any Error) -> Bool { on.matches(error) }
}
