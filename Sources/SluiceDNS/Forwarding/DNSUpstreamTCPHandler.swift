import NIOCore

/// Reads the answer to one query over a TCP connection (after ``DNSTCPFrameDecoder``).
final class DNSUpstreamTCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let expectation: DNSUpstreamExpectation
    private let promise: EventLoopPromise<DNSMessage>

    init(expectation: DNSUpstreamExpectation, promise: EventLoopPromise<DNSMessage>) {
        self.expectation = expectation
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let message = expectation.accept(Array(unwrapInboundIn(data).readableBytesView)) {
            promise.succeed(message)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
