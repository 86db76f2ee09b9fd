import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A tiny HTTP server on 127.0.0.1 that plays the outside world for the proxy tests.
///
/// Routes: `/hello` (text), `/page` (HTML), `/echo` (echoes the body), `/headers` (the received
/// headers, `name: value` a line), `/eicar`, `/elf` (dangerous downloads), `/big?n=N` (N bytes, chunked).
/// Every received request body is kept (``bodies``) so tests can see what the proxy forwarded.
final class TestUpstream: Sendable {
    let channel: any Channel
    let received = Mutex<[String]>([])
    let connections = Mutex(0)

    var port: Int { channel.localAddress?.port ?? 0 }

    /// The request bodies received so far, as text.
    var bodies: [String] { received.withLock { $0 } }

    /// The number of connections accepted so far.
    var acceptedConnections: Int { connections.withLock { $0 } }

    private init(channel: any Channel) { self.channel = channel }

    /// Starts the server; with `tls`, it speaks HTTPS with that context.
    static func start(tls: NIOSSLContext? = nil) async throws -> TestUpstream {
        let box = Mutex<TestUpstream?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                box.withLock { $0?.connections.withLock { $0 += 1 } }
                return channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(UpstreamRoutes(record: { body in
                        box.withLock { $0?.received.withLock { $0.append(body) } }
                    }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let upstream = TestUpstream(channel: channel)
        box.withLock { $0 = upstream }
        return upstream
    }

    func stop() async { try? await channel.close() }
}

private final class UpstreamRoutes: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    /// Requests answered on this connection.
    private var answered = 0
    private let record: @Sendable (String) -> Void

    init(record: @escaping @Sendable (String) -> Void) { self.record = record }

    static let eicar = #"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            if body.readableBytes > 0 { record(String(buffer: body)) }
            respond(context: context, head: head)
            answered += 1
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        switch path {
        case "/hello": send(context, type: "text/plain", text: "hello from upstream")
        case "/page": send(context, type: "text/html", text: "<html><head><title>t</title></head><body><p id=\"x\">served by the test upstream</p></body></html>")
        case "/echo": send(context, type: "text/plain", bytes: body)
        case "/headers": send(context, type: "text/plain", text: head.headers.map { "\($0.name.lowercased()): \($0.value)" }.joined(separator: "\n"))
        case "/eicar": send(context, type: "application/octet-stream", text: Self.eicar)
        case "/elf": send(context, type: "application/octet-stream", bytes: ByteBuffer(bytes: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 100)))
        case "/zip": send(context, type: "application/zip", text: "PK...")
        case "/flaky":
            if answered > 0 { context.close(promise: nil) } else { send(context, type: "text/plain", text: "flaky answered") }
        case "/big":
            let n = head.uri.split(separator: "=").last.flatMap { Int($0) } ?? 0
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["content-type": "application/octet-stream", "transfer-encoding": "chunked"]))), promise: nil)
            var left = n
            while left > 0 {
                let size = min(left, 16_384)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: UInt8(ascii: "a"), count: size)))), promise: nil)
                left -= size
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        default:
            send(context, type: "text/plain", text: "not found", status: .notFound)
        }
    }

    private func send(_ context: ChannelHandlerContext, type: String, text: String, status: HTTPResponseStatus = .ok) {
        send(context, type: type, bytes: ByteBuffer(string: text), status: status)
    }

    private func send(_ context: ChannelHandlerContext, type: String, bytes: ByteBuffer, status: HTTPResponseStatus = .ok) {
        let headers: HTTPHeaders = ["content-type": type, "content-length": "\(bytes.readableBytes)"]
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
