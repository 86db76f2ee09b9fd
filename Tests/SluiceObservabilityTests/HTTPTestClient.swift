import NIOCore
import NIOPosix

/// A raw HTTP/1.1 client for the tests: sends one request with `Connection: close` and returns
/// the whole response text.
enum HTTPTestClient {
    static func request(_ method: String, _ path: String, port: Int, body: String = "") async throws -> String {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = eventLoop.makePromise(of: String.self)
        let channel = try await ClientBootstrap(group: eventLoop).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(promise: promise)) }
        }.connect(host: "127.0.0.1", port: port).get()
        let text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        try await channel.writeAndFlush(channel.allocator.buffer(string: text))
        let timer = eventLoop.scheduleTask(in: .seconds(15)) { promise.fail(ChannelError.connectTimeout(.seconds(15))) }
        defer { timer.cancel() }
        return try await promise.futureResult.get()
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<String>
        var received = ""
        init(promise: EventLoopPromise<String>) { self.promise = promise }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += String(buffer: unwrapInboundIn(data))
        }
        func channelInactive(context: ChannelHandlerContext) { promise.succeed(received) }
    }
}
