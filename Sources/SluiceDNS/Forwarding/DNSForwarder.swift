import NIOCore
import NIOPosix
import Synchronization

/// Forwards questions to upstream resolvers: each attempt from a fresh UDP socket (a random
/// source port chosen by the kernel) with a random query id, a timeout per attempt, failover
/// to the next upstream and `retries` more rounds, and a TCP retry when the answer is truncated.
public final class DNSForwarder: Sendable {
    /// The upstreams, in order of preference.
    public let upstreams: [DNSEndpoint]
    private let addresses: [SocketAddress]
    private let timeout: TimeAmount
    private let retries: Int
    private let metrics: DNSMetrics
    /// The upstream tried first: the last one that answered.
    private let preferred = Atomic<Int>(0)

    /// A forwarder to `upstreams`; fails when an address cannot be used.
    public init(upstreams: [DNSEndpoint], timeout: DNSDuration, retries: Int, metrics: DNSMetrics) throws {
        self.upstreams = upstreams
        self.addresses = try upstreams.map { try SocketAddress(ipAddress: $0.host, port: $0.port) }
        self.timeout = .milliseconds(timeout.milliseconds)
        self.retries = retries
        self.metrics = metrics
    }

    /// The upstream answer to `question`, trying upstreams and rounds until one gives a
    /// usable answer (anything but SERVFAIL and REFUSED).
    public func forward(_ question: DNSQuestion, on eventLoop: any EventLoop) -> EventLoopFuture<DNSMessage> {
        guard !addresses.isEmpty else { return eventLoop.makeFailedFuture(DNSUpstreamError.noUpstreams) }
        let total = addresses.count * (retries + 1)
        return attempt(0, of: total, question: question, first: preferred.load(ordering: .relaxed), on: eventLoop)
    }

    private func attempt(_ number: Int, of total: Int, question: DNSQuestion, first: Int, on eventLoop: any EventLoop) -> EventLoopFuture<DNSMessage> {
        let index = (first + number) % addresses.count
        let started = NIODeadline.now()
        return query(question, upstream: index, on: eventLoop).flatMapThrowing { message in
            let code = message.header.responseCode
            guard code != .serverFailure, code != .refused else { throw DNSUpstreamError.errorResponse(self.upstreams[index], code) }
            self.metrics.upstreamAnswered(self.upstreams[index], nanoseconds: (NIODeadline.now() - started).nanoseconds)
            self.preferred.store(index, ordering: .relaxed)
            return message
        }.flatMapError { error in
            self.metrics.upstreamFailed(self.upstreams[index], reason: (error as? DNSUpstreamError)?.reason ?? "io")
            guard number + 1 < total else {
                return eventLoop.makeFailedFuture(DNSUpstreamError.exhausted(attempts: total, last: "\(error)"))
            }
            return self.attempt(number + 1, of: total, question: question, first: first, on: eventLoop)
        }
    }

    /// One attempt against one upstream: UDP, then TCP if the answer was truncated.
    private func query(_ question: DNSQuestion, upstream index: Int, on eventLoop: any EventLoop) -> EventLoopFuture<DNSMessage> {
        udp(question, upstream: index, on: eventLoop).flatMap { message in
            message.header.isTruncated ? self.tcp(question, upstream: index, on: eventLoop) : eventLoop.makeSucceededFuture(message)
        }
    }

    private func expectation(_ question: DNSQuestion, upstream index: Int) -> (DNSUpstreamExpectation, [UInt8]) {
        let id = UInt16.random(in: 0...UInt16.max)
        let wire = DNSMessage.query(id: id, question: question).wire()
        return (DNSUpstreamExpectation(upstream: addresses[index], id: id, question: question), wire)
    }

    func udp(_ question: DNSQuestion, upstream index: Int, on eventLoop: any EventLoop) -> EventLoopFuture<DNSMessage> {
        let (expectation, wire) = expectation(question, upstream: index)
        let promise = eventLoop.makePromise(of: DNSMessage.self)
        let local = expectation.upstream.protocol == .inet6 ? "::" : "0.0.0.0"
        let bootstrap = DatagramBootstrap(group: eventLoop).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(DNSUpstreamUDPHandler(expectation: expectation, promise: promise))
            }
        }
        do {
            bootstrap.bind(to: try SocketAddress(ipAddress: local, port: 0)).whenComplete { result in
                switch result {
                case .failure(let error): promise.fail(error)
                case .success(let channel):
                    let envelope = AddressedEnvelope(remoteAddress: expectation.upstream, data: channel.allocator.buffer(bytes: wire))
                    channel.writeAndFlush(envelope).whenFailure { promise.fail($0) }
                    self.finish(promise, channel: channel, upstream: index, on: eventLoop)
                }
            }
        } catch {
            promise.fail(error)
        }
        return promise.futureResult
    }

    func tcp(_ question: DNSQuestion, upstream index: Int, on eventLoop: any EventLoop) -> EventLoopFuture<DNSMessage> {
        let (expectation, wire) = expectation(question, upstream: index)
        let promise = eventLoop.makePromise(of: DNSMessage.self)
        let bootstrap = ClientBootstrap(group: eventLoop).connectTimeout(timeout).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                try channel.pipeline.syncOperations.addHandler(DNSUpstreamTCPHandler(expectation: expectation, promise: promise))
            }
        }
        bootstrap.connect(to: expectation.upstream).whenComplete { result in
            switch result {
            case .failure(let error): promise.fail(error)
            case .success(let channel):
                channel.writeAndFlush(ByteBuffer.dnsTCPFrame(wire, allocator: channel.allocator)).whenFailure { promise.fail($0) }
                self.finish(promise, channel: channel, upstream: index, on: eventLoop)
            }
        }
        return promise.futureResult
    }

    /// Fails `promise` at the timeout and closes `channel` once it completes either way.
    private func finish(_ promise: EventLoopPromise<DNSMessage>, channel: any Channel, upstream index: Int, on eventLoop: any EventLoop) {
        let upstream = upstreams[index]
        let timer = eventLoop.scheduleTask(in: timeout) { promise.fail(DNSUpstreamError.timeout(upstream)) }
        promise.futureResult.whenComplete { _ in
            timer.cancel()
            channel.close(promise: nil)
        }
    }
}
