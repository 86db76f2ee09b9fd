import NIOCore
import NIOPosix
import Synchronization
@testable import SluiceDNS

/// A UDP upstream that answers every A question with `10.0.0.N`, N being the number of queries
/// it has answered so far, and counts them — so a test sees when (and how often) it was asked.
final class CountingUpstream: Sendable {
    let channel: any Channel
    let counter: LockedCount
    let endpoint: DNSEndpoint

    var queries: Int { counter.withLock { $0 } }

    private init(channel: any Channel, counter: LockedCount, endpoint: DNSEndpoint) {
        self.channel = channel
        self.counter = counter
        self.endpoint = endpoint
    }

    /// Listens on `host` (127.0.0.1 or ::1) and a free port; answers carry `ttl`.
    static func start(host: String = "127.0.0.1", ttl: UInt32 = 100) async throws -> CountingUpstream {
        let counter = LockedCount()
        let channel = try await DatagramBootstrap(group: DNSTestServices.group).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(Handler(counter: counter, ttl: ttl))
            }
        }.bind(host: host, port: 0).get()
        return CountingUpstream(channel: channel, counter: counter, endpoint: DNSEndpoint(host: host, port: channel.localAddress?.port ?? 0))
    }

    func stop() async { try? await channel.close() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let counter: LockedCount
        let ttl: UInt32

        init(counter: LockedCount, ttl: UInt32) {
            self.counter = counter
            self.ttl = ttl
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let query = try? DNSMessage(wire: Array(envelope.data.readableBytesView)), let question = query.questions.first else { return }
            let n = counter.withLock { $0 += 1; return $0 }
            var response = DNSMessage.response(to: query, code: .noError)
            if question.type == .a {
                response.answers = [DNSResourceRecord(name: question.name, ttl: ttl, data: .a([10, 0, 0, UInt8(n % 250)]))]
            }
            let bytes = context.channel.allocator.buffer(bytes: response.wire())
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: bytes)), promise: nil)
        }
    }
}

/// A counter closures and handlers can share.
final class LockedCount: Sendable {
    private let mutex = Mutex(0)

    func withLock<R: Sendable>(_ body: (inout Int) -> R) -> R { mutex.withLock { body(&$0) } }
}

/// Polls `condition` every 50ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Int = 15, _ condition: () async throws -> Bool) async rethrows -> Bool {
    for _ in 0..<(seconds * 20) {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
