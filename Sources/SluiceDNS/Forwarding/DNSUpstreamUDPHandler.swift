import NIOCore

/// Waits on a one-query UDP socket for the upstream's answer. Datagrams from another address,
/// with another id or for another question are ignored (spoofing defence); the first valid
/// answer completes the promise.
final class DNSUpstreamUDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let expectation: DNSUpstreamExpectation
    private let promise: EventLoopPromise<DNSMessage>

    init(expectation: DNSUpstreamExpectation, promise: EventLoopPromise<DNSMessage>) {
        self.expectation = expectation
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard envelope.remoteAddress == expectation.upstream,
              let message = expectation.accept(Array(envelope.data.readableBytesView))
        else { return }
        promise.succeed(message)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like: the attempt fails now rather than at the timeout.
        promise.fail(error)
    }
}

/// What a valid upstream answer must look like: from the address asked, with the query's id,
/// marked as a response, for the same question.
struct DNSUpstreamExpectation: Sendable {
    let upstream: SocketAddress
    let id: UInt16
    let question: DNSQuestion

    func accept(_ bytes: [UInt8]) -> DNSMessage? {
        guard let message = try? DNSMessage(wire: bytes), message.header.isResponse, message.header.id == id,
              message.questions.count == 1, message.questions[0].matches(question)
        else { return nil }
        return message
    }
}
