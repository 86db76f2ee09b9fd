import NIOCore

/// An answer available now (filters, mocks, the cache) or later (forwarding), so the common
/// case costs no future.
enum DNSResolution {
    case ready(DNSAnswer)
    case pending(EventLoopFuture<DNSAnswer>)

    /// The answer with `transform` applied, now or when it arrives.
    func map(_ transform: @escaping @Sendable (DNSAnswer) -> DNSAnswer) -> DNSResolution {
        switch self {
        case .ready(let answer): .ready(transform(answer))
        case .pending(let future): .pending(future.map(transform))
        }
    }

    /// The answer as a future on `eventLoop`.
    func future(on eventLoop: any EventLoop) -> EventLoopFuture<DNSAnswer> {
        switch self {
        case .ready(let answer): eventLoop.makeSucceededFuture(answer)
        case .pending(let future): future
        }
    }
}
