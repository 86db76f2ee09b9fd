import NIOCore

/// The idle upstream keep-alive connections of one event loop, ready for the next request to the
/// same upstream from any client connection on that loop (so `Connection: close` clients do not
/// cost a new upstream connection each). Keys name scheme, host, port, resolved address and TLS
/// mode, so a connection is never reused for another address or TLS setting. Bounded per key and
/// in total; a connection idle longer than the idle time is closed. Used only on its event loop.
final class UpstreamPool {
    private struct Entry {
        let handler: UpstreamHandler
        let expiry: Scheduled<Void>
    }

    let eventLoop: any EventLoop
    private let maxPerKey: Int
    private let maxTotal: Int
    private let idleTime: TimeAmount
    private var idle: [String: [Entry]] = [:]
    private var count = 0

    /// A pool on `eventLoop` keeping at most `maxPerKey` connections a key for `idleTime`.
    init(eventLoop: any EventLoop, maxPerKey: Int, idleTime: TimeAmount, maxTotal: Int = 1024) {
        self.eventLoop = eventLoop
        self.maxPerKey = maxPerKey
        self.idleTime = idleTime
        self.maxTotal = maxTotal
    }

    /// Whether connections are kept at all.
    var isEnabled: Bool { maxPerKey > 0 }

    /// The number of idle connections held.
    var idleCount: Int { count }

    /// The most recently parked open connection for `key`, taken out of the pool.
    func take(_ key: String) -> UpstreamHandler? {
        while var entries = idle[key], let entry = entries.popLast() {
            idle[key] = entries.isEmpty ? nil : entries
            count -= 1
            entry.expiry.cancel()
            entry.handler.pool = nil
            if entry.handler.isActive { return entry.handler }
            entry.handler.close()
        }
        return nil
    }

    /// Parks a connection whose last response was read to its end and which the upstream keeps
    /// alive; closes it instead when it is closed already or the pool is full.
    func park(_ handler: UpstreamHandler, key: String) {
        handler.client = nil
        handler.resumeReading()  // an idle connection reads, so a close by the upstream is seen
        guard isEnabled, handler.isActive, count < maxTotal else {
            handler.close()
            return
        }
        var entries = idle[key] ?? []
        if entries.count >= maxPerKey {
            let oldest = entries.removeFirst()
            count -= 1
            oldest.expiry.cancel()
            oldest.handler.pool = nil
            oldest.handler.close()
        }
        let bound = NIOLoopBound((pool: self, handler: handler), eventLoop: eventLoop)
        let expiry = eventLoop.scheduleTask(in: idleTime) {
            let (pool, handler) = bound.value
            pool.remove(handler)
            handler.close()
        }
        handler.pool = (self, key)
        entries.append(Entry(handler: handler, expiry: expiry))
        idle[key] = entries
        count += 1
    }

    /// Forgets a parked connection (it closed, or sent something while idle).
    func remove(_ handler: UpstreamHandler) {
        guard let key = handler.pool?.key else { return }
        handler.pool = nil
        guard var entries = idle[key], let index = entries.firstIndex(where: { $0.handler === handler }) else { return }
        entries[index].expiry.cancel()
        entries.remove(at: index)
        idle[key] = entries.isEmpty ? nil : entries
        count -= 1
    }

    /// Closes every parked connection (the server stops).
    func closeAll() {
        let all = idle.values.flatMap { $0 }
        idle = [:]
        count = 0
        for entry in all {
            entry.expiry.cancel()
            entry.handler.pool = nil
            entry.handler.close()
        }
    }
}
