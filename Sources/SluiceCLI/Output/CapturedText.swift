import Synchronization

/// A ``TextSink`` that keeps what is written, so tests can run commands in-process and read
/// their output.
public final class CapturedText: TextSink {
    private let buffer = Mutex("")

    /// An empty buffer.
    public init() {}

    /// Everything written so far.
    public var text: String { buffer.withLock { $0 } }

    public func write(_ text: String) { buffer.withLock { $0 += text } }
}
