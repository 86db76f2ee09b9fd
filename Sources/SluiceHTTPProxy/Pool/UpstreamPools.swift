import NIOCore
import Synchronization

/// One ``UpstreamPool`` per event loop, made on first use; shared by every client connection of
/// a proxy runtime.
final class UpstreamPools: Sendable {
    private let pools = Mutex<[ObjectIdentifier: NIOLoopBound<UpstreamPool>]>([:])
    private let maxPerKey: Int
    private let idleTime: TimeAmount

    /// Pools keeping at most `maxPerKey` idle connections a key for `idleSeconds`.
    init(maxPerKey: Int, idleSeconds: Double) {
        self.maxPerKey = maxPerKey
        idleTime = .nanoseconds(Int64(idleSeconds * 1e9))
    }

    /// The pool of `eventLoop`; call on that loop.
    func pool(for eventLoop: any EventLoop) -> UpstreamPool {
        let id = ObjectIdentifier(eventLoop)
        return pools.withLock { pools in
            if let pool = pools[id] { return pool.value }
            let pool = UpstreamPool(eventLoop: eventLoop, maxPerKey: maxPerKey, idleTime: idleTime)
            pools[id] = NIOLoopBound(pool, eventLoop: eventLoop)
            return pool
        }
    }

    /// Closes every idle connection of every loop.
    func closeAll() {
        let all = pools.withLock { Array($0.values) }
        for pool in all {
            pool.eventLoop.execute { pool.value.closeAll() }
        }
    }
}
