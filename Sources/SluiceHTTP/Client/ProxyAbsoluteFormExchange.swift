import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Sluice

/// One plain `http://` request sent to an HTTP proxy in absolute form (`GET http://host/path
/// HTTP/1.1`), so the proxy sees the method, path and headers and can apply its policy
/// (AsyncHTTPClient tunnels every request through CONNECT, which hides them). One connection per
/// request; the response body is bounded.
enum ProxyAbsoluteFormExchange {
    /// Sends `request` to the proxy at `address`:`port` and reads the response.
    static func send(_ request: JobHTTPRequest, proxy: HTTPProxySetting, address: String, extraHeaders: [(String, String)],
                     timeout: Duration, maximumBytes: Int, group: any EventLoopGroup) async throws -> JobHTTPResponse {
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: JobHTTPResponse.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
            .connectTimeout(JobHTTPClient.timeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise, maximumBytes: maximumBytes))
                }
            }
            .connect(host: address, port: proxy.port).get()
        } catch {
            promise.fail(error)
            throw error
        }
        let timer = eventLoop.scheduleTask(in: JobHTTPClient.timeAmount(timeout)) {
            channel.pipeline.fireErrorCaught(HTTPExchangeTimeout())
        }
        defer { timer.cancel() }
        var headers = HTTPHeaders()
        if let url = URLComponents(string: request.url), let host = url.host {
            headers.add(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        }
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        for header in extraHeaders { headers.replaceOrAdd(name: header.0, value: header.1) }
        if let username = proxy.username {
            let token = Data("\(username):\(proxy.password ?? "")".utf8).base64EncodedString()
            headers.replaceOrAdd(name: "Proxy-Authorization", value: "Basic \(token)")
        }
        headers.replaceOrAdd(name: "Connection", value: "close")
        headers.replaceOrAdd(name: "Content-Length", value: "\(request.body?.count ?? 0)")
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.url, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body = request.body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        defer { channel.close(promise: nil) }
        return try await promise.futureResult.get()
    }
}

/// The deadline of an absolute-form exchange passed.
struct HTTPExchangeTimeout: Error {}

/// The body was larger than allowed.
struct HTTPExchangeTooLarge: Error {}

/// Collects one response into a promise, failing it when the body passes `maximumBytes` or the
/// connection closes early.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<JobHTTPResponse>
    private let maximumBytes: Int
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var finished = false

    init(promise: EventLoopPromise<JobHTTPResponse>, maximumBytes: Int) {
        self.promise = promise
        self.maximumBytes = maximumBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body(let buffer):
            guard body.count + buffer.readableBytes <= maximumBytes else {
                finish(.failure(HTTPExchangeTooLarge()))
                context.close(promise: nil)
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            finish(.success(JobHTTPResponse(status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }, body: body)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(HTTPClientConnectionClosed()))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<JobHTTPResponse, any Error>) {
        guard !finished else { return }
        finished = true
        promise.completeWith(result)
    }
}

/// The connection closed before a whole response arrived.
struct HTTPClientConnectionClosed: Error {}
