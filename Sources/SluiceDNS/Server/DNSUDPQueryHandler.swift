import NIOCore

/// Answers the queries arriving on one UDP socket. Answers available at once (cache, filters,
/// mocks) are written in the same event-loop tick and flushed once per read batch.
final class DNSUDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let resolver: DNSResolver
    private var needsFlush = false

    init(resolver: DNSResolver) { self.resolver = resolver }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let client = envelope.remoteAddress
        let bytes = Array(envelope.data.readableBytesView)
        switch resolver.reply(to: bytes, client: client, overTCP: false, on: context.eventLoop) {
        case .ready(let wire):
            let out = AddressedEnvelope(remoteAddress: client, data: context.channel.allocator.buffer(bytes: wire))
            context.write(wrapOutboundOut(out), promise: nil)
            needsFlush = true
        case .pending(let future):
            let channel = context.channel
            future.whenSuccess { wire in
                let out = AddressedEnvelope(remoteAddress: client, data: channel.allocator.buffer(bytes: wire))
                channel.writeAndFlush(out, promise: nil)
            }
        case .drop:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket reports errors of single datagrams (e.g. ICMP unreachable): keep serving.
    }
}
