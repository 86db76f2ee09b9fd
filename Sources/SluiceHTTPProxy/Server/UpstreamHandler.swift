import NIOCore
import NIOHTTP1
import NIOSSL

/// The upstream side of a forwarded HTTP exchange: hands response parts to the client
/// connection's handler and reads only while the client can take them.
final class UpstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// The client connection's handler (same event loop); `nil` once detached.
    var client: ProxyConnectionHandler?
    /// The pool holding this connection while it is idle, and its key there.
    var pool: (pool: UpstreamPool, key: String)?
    private(set) var context: ChannelHandlerContext?
    private var pendingRead = false

    init(client: ProxyConnectionHandler) { self.client = client }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let client else {
            // Bytes on an idle connection: it cannot be reused.
            pool?.pool.remove(self)
            context.close(promise: nil)
            return
        }
        client.upstreamRead(unwrapInboundIn(data), from: self)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        client?.upstreamReadComplete(self)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        pool?.pool.remove(self)
        client?.upstreamClosed(self)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        client?.upstreamWritabilityChanged(self)
        context.fireChannelWritabilityChanged()
    }

    /// The TLS error that ended the connection (an untrusted certificate, say).
    private(set) var tlsError: (any Error)?

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError { tlsError = error }
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if client?.canTakeResponse ?? true { context.read() } else { pendingRead = true }
    }

    /// Reads again if a read was held back because the client could not take more.
    func resumeReading() {
        if pendingRead, let context {
            pendingRead = false
            context.read()
        }
    }

    /// Whether the connection is open.
    var isActive: Bool { context?.channel.isActive ?? false }

    /// Whether the upstream channel can take more request bytes.
    var isWritable: Bool { context?.channel.isWritable ?? false }

    func send(_ part: HTTPClientRequestPart, flush: Bool = false) {
        guard let context else { return }
        context.write(wrapOutboundOut(part), promise: nil)
        if flush { context.flush() }
    }

    func flush() { context?.flush() }

    func close() { context?.close(promise: nil) }
}
