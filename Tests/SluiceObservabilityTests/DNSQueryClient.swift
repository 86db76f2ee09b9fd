import NIOCore
import NIOPosix
import SluiceDNS

/// Sends one A query over UDP and returns the response.
enum DNSQueryClient {
    static func ask(_ name: String, port: Int) async throws -> DNSMessage {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = eventLoop.makePromise(of: DNSMessage.self)
        let channel = try await DatagramBootstrap(group: eventLoop).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Reply(promise: promise)) }
        }.bind(host: "127.0.0.1", port: 0).get()
        let query = DNSMessage.query(id: 1, question: DNSQuestion(name: try DNSName(name), type: .a))
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: channel.allocator.buffer(bytes: query.wire())))
        let timer = eventLoop.scheduleTask(in: .seconds(15)) { promise.fail(ChannelError.connectTimeout(.seconds(15))) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
    }

    private final class Reply: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let promise: EventLoopPromise<DNSMessage>
        init(promise: EventLoopPromise<DNSMessage>) { self.promise = promise }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if let message = try? DNSMessage(wire: Array(unwrapInboundIn(data).data.readableBytesView)) { promise.succeed(message) }
        }
    }
}
