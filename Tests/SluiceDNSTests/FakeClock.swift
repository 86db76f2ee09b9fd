import Synchronization

/// A clock the tests move by hand (uptime nanoseconds), so TTL tests never sleep.
final class FakeClock: Sendable {
    private let nanoseconds = Mutex<UInt64>(1_000_000_000_000)

    var now: @Sendable () -> UInt64 { { self.nanoseconds.withLock { $0 } } }

    func advance(seconds: UInt64) { nanoseconds.withLock { $0 += seconds * 1_000_000_000 } }
}
