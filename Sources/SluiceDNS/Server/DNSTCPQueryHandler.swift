import NIOCore

/// Answers the queries of one TCP connection (framed by ``DNSTCPFrameDecoder``); answers may
/// leave in another order than the queries came (RFC 7766). Idle connections are closed.
final class DNSTCPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let resolver: DNSResolver

    init(resolver: DNSResolver) { self.resolver = resolver }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(unwrapInboundIn(data).readableBytesView)
        switch resolver.reply(to: bytes, client: context.remoteAddress, overTCP: true, on: context.eventLoop) {
        case .ready(let wire):
            context.writeAndFlush(wrapOutboundOut(.dnsTCPFrame(wire, allocator: context.channel.allocator)), promise: nil)
        case .pending(let future):
            let channel = context.channel
            future.whenSuccess { wire in
                channel.writeAndFlush(ByteBuffer.dnsTCPFrame(wire, allocator: channel.allocator), promise: nil)
            }
        case .drop:
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
