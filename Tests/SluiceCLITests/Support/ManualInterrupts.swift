import SluiceCLI
import Synchronization

/// An ``InterruptSource`` a test drives: `interrupt()` delivers the next ordinal to the running command.
final class ManualInterrupts: InterruptSource {
    private let continuation = Mutex<AsyncStream<Int>.Continuation?>(nil)
    private let count = Mutex(0)

    func interrupts() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        self.continuation.withLock { $0 = continuation }
        return stream
    }

    /// Whether a command is listening.
    var isListening: Bool { continuation.withLock { $0 != nil } }

    func interrupt() {
        let n = count.withLock { n in n += 1; return n }
        _ = continuation.withLock { $0?.yield(n) }
    }
}
