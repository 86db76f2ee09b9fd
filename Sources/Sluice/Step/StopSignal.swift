import Synchronization

/// A flag that asks a running job execution to stop at its next chunk or tasklet boundary. Set by
/// a stop request seen in the repository, by task cancellation, or by a signal handler.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates an unset signal.
    public init() {}

    /// Asks the execution to stop.
    public func request() { flag.store(true, ordering: .releasing) }

    /// Whether a stop was requested.
    public var isRequested: Bool { flag.load(ordering: .acquiring) }
}
