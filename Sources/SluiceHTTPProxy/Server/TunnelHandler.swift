import NIOCore

/// One end of a CONNECT tunnel: copies bytes to its partner on the other channel, reading only
/// while the partner can write (bounded buffers), closing both when either ends.
final class TunnelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: TunnelHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    private let direction: String
    private let telemetry: ProxyTelemetry

    private init(direction: String, telemetry: ProxyTelemetry) {
        self.direction = direction
        self.telemetry = telemetry
    }

    /// A connected pair: the client end and the upstream end.
    static func pair(telemetry: ProxyTelemetry) -> (client: TunnelHandler, upstream: TunnelHandler) {
        let client = TunnelHandler(direction: "up", telemetry: telemetry)
        let upstream = TunnelHandler(direction: "down", telemetry: telemetry)
        client.partner = upstream
        upstream.partner = client
        return (client, upstream)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        partner?.partnerWritabilityChanged()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    private var partnerCanWrite: Bool { partner?.context?.channel.isWritable ?? false }

    private func partnerWritabilityChanged() {
        if pendingRead, partnerCanWrite, let context {
            pendingRead = false
            context.read()
        }
    }

    private func partnerWrite(_ buffer: ByteBuffer) {
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    private func partnerFlush() { context?.flush() }

    private func partnerClose() { context?.close(promise: nil) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        telemetry.bytes(buffer.readableBytes, direction: direction)
        partner?.partnerWrite(buffer)
    }

    func channelReadComplete(context: ChannelHandlerContext) { partner?.partnerFlush() }

    func channelInactive(context: ChannelHandlerContext) { partner?.partnerClose() }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        partner?.partnerWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }

    func read(context: ChannelHandlerContext) {
        if partnerCanWrite { context.read() } else { pendingRead = true }
    }
}
