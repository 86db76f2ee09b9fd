import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An OTLP/HTTP collector stand-in on 127.0.0.1: records the path and body of every POST and
/// answers 200.
final class FakeCollector: Sendable {
    private let requests = Mutex<[(path: String, body: [UInt8])]>([])
    private let channel: Mutex<(any Channel)?> = Mutex(nil)

    var received: [(path: String, body: [UInt8])] { requests.withLock { $0 } }

    func start() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(collector: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel.withLock { $0 = channel }
        return channel.localAddress?.port ?? 0
    }

    func stop() async { try? await channel.withLock { $0 }?.close() }

    fileprivate func record(path: String, body: [UInt8]) { requests.withLock { $0.append((path, body)) } }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let collector: FakeCollector
        var path = ""
        var body: [UInt8] = []
        init(collector: FakeCollector) { self.collector = collector }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                path = head.uri
                body = []
            case .body(let buffer): body += Array(buffer.readableBytesView)
            case .end:
                collector.record(path: path, body: body)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/x-protobuf")
                headers.add(name: "Content-Length", value: "0")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
