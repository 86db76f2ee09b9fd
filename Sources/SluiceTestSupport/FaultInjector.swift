import Sluice
import Synchronization

/// Fires injected failures in tests: each armed key throws once (or `times` times) when reached,
/// then lets the work through, as a crash followed by a restart would.
public final class FaultInjector: Sendable {
    private let armed: Mutex<[String: Int]>

    /// Creates an injector with keys armed to fire once each.
    public init(_ keys: [String] = []) {
        armed = Mutex(Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: +))
    }

    /// Arms `key` to fire `times` more times.
    public func arm(_ key: String, times: Int = 1) { armed.withLock { $0[key, default: 0] += times } }

    /// Throws `error` if `key` is armed, disarming one shot.
    public func check(_ key: String, _ error: @autoclosure () -> any Error = BatchError(.io, "injected failure")) throws {
        let fire = armed.withLock { a -> Bool in
            guard let n = a[key], n > 0 else { return false }
            a[key] = n - 1
            return true
        }
        if fire { throw error() }
    }

    /// How many shots are left for `key`.
    public func remaining(_ key: String) -> Int { armed.withLock { $0[key] ?? 0 } }
}

/// An ``ArrayItemReader``-like reader that consults a ``FaultInjector`` with `read:N` before
/// returning item N (0-based) and resumes from its committed position on restart. It allows
/// read-ahead (steps turn it off with `readAhead(false)` to test the plain loop).
public final class InjectingReader<Item: Sendable>: ReadAheadItemReader, ItemStream {
    private let items: [Item]
    private let faults: FaultInjector
    private let position = Mutex(0)

    /// Creates the reader.
    public init(_ items: [Item], faults: FaultInjector) {
        self.items = items
        self.faults = faults
    }

    public func read() async throws -> Item? {
        let index = position.withLock { $0 }
        guard index < items.count else { return nil }
        // The record is consumed before the fault fires, like a reader that hit a bad line.
        position.withLock { $0 = index + 1 }
        try faults.check("read:\(index)")
        return items[index]
    }

    public func open(_ context: ExecutionContext) async throws {
        let saved = context.int("injecting.reader.position") ?? 0
        position.withLock { $0 = saved }
    }

    public func update(_ context: inout ExecutionContext) async throws {
        context["injecting.reader.position"] = .int(position.withLock { $0 })
    }
}

/// A pass-through processor that consults a ``FaultInjector`` with `process:ITEM` for each item.
public struct InjectingProcessor<Item: Sendable & CustomStringConvertible>: ItemProcessor {
    private let faults: FaultInjector

    /// Creates the processor.
    public init(faults: FaultInjector) { self.faults = faults }

    public func process(_ item: Item) async throws -> Item? {
        try faults.check("process:\(item)")
        return item
    }
}
