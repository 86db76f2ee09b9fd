import Dispatch
import Foundation
import Synchronization

/// An ``InterruptSource`` fed by POSIX signals (SIGINT and SIGTERM for the `sluice` tool),
/// through dispatch signal sources.
///
/// While a stream is being consumed the signals' handlers are replaced (`SIG_IGN`), so the
/// process is not killed and the tool decides; when the consumer stops, the sources are
/// cancelled and the previous dispositions restored.
public struct SignalInterrupts: InterruptSource {
    /// The signals listened to.
    public let signals: [Int32]

    /// Listens to `signals`.
    public init(signals: [Int32]) { self.signals = signals }

    public func interrupts() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let counter = InterruptCounter()
        let queue = DispatchQueue(label: "sluice.signals")
        var sources: [any DispatchSourceSignal] = []
        var previous: [(Int32, Disposition?)] = []
        for number in signals {
            previous.append((number, signal(number, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(counter.next()) }
            source.resume()
            sources.append(source)
        }
        let period = ListeningPeriod(sources: sources, previous: previous)
        continuation.onTermination = { _ in period.end() }
        return stream
    }
}

/// A signal's handler, as `signal()` takes and returns it.
private typealias Disposition = @convention(c) (Int32) -> Void

/// Numbers the interrupts of one listening period: 1, 2, ...
private final class InterruptCounter: Sendable {
    private let count = Mutex(0)

    func next() -> Int { count.withLock { n in n += 1; return n } }
}

/// One listening period: its dispatch sources, cancelled together, and the dispositions to restore.
private final class ListeningPeriod: Sendable {
    private let state: Mutex<(sources: [any DispatchSourceSignal], previous: [(Int32, Disposition?)])>

    init(sources: sending [any DispatchSourceSignal], previous: sending [(Int32, Disposition?)]) {
        state = Mutex((sources, previous))
    }

    /// Cancels the sources and restores the previous dispositions (once).
    func end() {
        state.withLock { state in
            for source in state.sources { source.cancel() }
            for (number, handler) in state.previous { signal(number, handler) }
            state = ([], [])
        }
    }
}
