import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Handles one client connection: parses requests, authenticates, asks the policy engine,
/// then answers locally (deny, mock), forwards to the upstream server with streaming bodies, or
/// turns the connection into a CONNECT tunnel. Requests on a keep-alive connection are handled
/// one at a time; pipelined ones wait, with reading paused.
final class ProxyConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    enum State {
        /// Waiting for a request head.
        case idle
        /// Collecting the body a rule needs to decide.
        case buffering(ProxyExchange)
        /// Connecting upstream; body parts queue in the exchange.
        case connecting(ProxyExchange)
        /// Streaming between client and upstream.
        case forwarding(ProxyExchange, UpstreamHandler)
        /// Answering locally; the rest of the request is dropped.
        case answering(ProxyExchange)
        /// Handed over to a tunnel.
        case tunnel
        case closed
    }

    let runtime: ProxyRuntime
    let logger: Logger
    var state: State = .idle
    var context: ChannelHandlerContext?
    /// The upstream pool of this connection's event loop, once looked up.
    var cachedPool: UpstreamPool?
    /// Whether response bytes were written to the client and not flushed yet.
    var unflushedResponse = false
    /// Parts of the next request received while the current one is still being answered.
    var deferred: [HTTPServerRequestPart] = []
    private var readsPaused = false
    private var readPending = false
    private var headerTimeout: Scheduled<Void>?
    let requestDecoder: ByteToMessageHandler<HTTPRequestDecoder>
    let responseEncoder: HTTPResponseEncoder
    /// The CONNECT target whose TLS this connection terminates; its requests are origin-form.
    let inspected: InspectedTunnel?

    init(runtime: ProxyRuntime, logger: Logger, requestDecoder: ByteToMessageHandler<HTTPRequestDecoder>, responseEncoder: HTTPResponseEncoder,
         inspected: InspectedTunnel? = nil) {
        self.runtime = runtime
        self.logger = logger
        self.requestDecoder = requestDecoder
        self.responseEncoder = responseEncoder
        self.inspected = inspected
    }

    /// Sets up a client connection's pipeline.
    static func configure(_ pipeline: ChannelPipeline.SynchronousOperations, runtime: ProxyRuntime, logger: Logger) throws {
        let limits = runtime.configuration.limits
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
        let encoder = HTTPResponseEncoder()
        try pipeline.addHandler(encoder)
        try pipeline.addHandler(decoder)
        try pipeline.addHandler(IdleStateHandler(allTimeout: .nanoseconds(Int64(limits.idleTimeoutSeconds * 1e9))))
        try pipeline.addHandler(ProxyConnectionHandler(runtime: runtime, logger: logger, requestDecoder: decoder, responseEncoder: encoder))
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { armHeaderTimeout() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        headerTimeout?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        armHeaderTimeout()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        headerTimeout?.cancel()
        switch state {
        case .forwarding(let exchange, let upstream):
            upstream.client = nil
            upstream.close()
            finish(exchange, action: "error", reason: "client closed the connection", status: exchange.status)
        case .buffering(let exchange), .connecting(let exchange):
            finish(exchange, action: "error", reason: "client closed the connection", status: nil)
        default:
            break
        }
        state = .closed
        context.fireChannelInactive()
    }

    /// Closes a slow client that has not sent a whole request head in time.
    func armHeaderTimeout() {
        headerTimeout?.cancel()
        guard let context else { return }
        let seconds = runtime.configuration.limits.headerTimeoutSeconds
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        headerTimeout = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
            let handler = loopBound.value
            guard case .idle = handler.state, let context = handler.context else { return }
            handler.audit(nil, rule: "limits.headerTimeoutSeconds", action: "deny", reason: "request head not received in time", status: nil)
            handler.runtime.telemetry.request(action: "deny", rule: "limits.headerTimeoutSeconds")
            handler.state = .closed
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            audit(nil, rule: "limits.idleTimeoutSeconds", action: "deny", reason: "connection idle too long", status: nil)
            state = .closed
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .closed = state {  // e.g. the client hung up mid-body after a refusal
            context.close(promise: nil)
            return
        }
        guard error is HTTPParserError else {
            if inspected != nil, case .idle = state, error is NIOSSLError {
                // The client refused the leaf certificate or spoke no TLS.
                audit(nil, rule: "tls.inspect", action: "deny", reason: "TLS handshake with the client failed (\(error))", status: nil)
            }
            context.close(promise: nil)
            return
        }
        // A malformed request: answer 400 unless a response is already under way, then close.
        audit(nil, rule: "malformed", action: "deny", reason: "malformed request (\(error))", status: 400)
        runtime.telemetry.request(action: "deny", rule: "malformed")
        switch state {
        case .idle, .buffering, .connecting:
            state = .closed
            writeSimpleResponse(status: .badRequest, version: .http1_1, text: "malformed request", close: true)
        default:
            context.close(promise: nil)
        }
    }

    // MARK: Reading

    func read(context: ChannelHandlerContext) {
        if readsPaused { readPending = true } else { context.read() }
    }

    func pauseReading() { readsPaused = true }

    func resumeReading() {
        readsPaused = false
        if readPending, let context {
            readPending = false
            context.read()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        handle(unwrapInboundIn(data))
    }

    /// Routes one request part by state.
    func handle(_ part: HTTPServerRequestPart) {
        switch state {
        case .idle:
            guard case .head(let head) = part else { return }  // stray parts of a refused request
            headerTimeout?.cancel()
            receive(head)
        case .buffering(let exchange):
            bufferBody(part, exchange: exchange)
        case .connecting(let exchange):
            if exchange.requestComplete { deferNext(part) } else { queue(part, exchange: exchange) }
        case .forwarding(let exchange, let upstream):
            if exchange.requestComplete { deferNext(part) } else { forwardRequestPart(part, exchange: exchange, upstream: upstream) }
        case .answering(let exchange):
            if exchange.requestComplete { deferNext(part) } else if case .end = part { exchange.requestComplete = true }
        case .tunnel, .closed:
            break
        }
    }

    private func deferNext(_ part: HTTPServerRequestPart) {
        deferred.append(part)
        pauseReading()
    }

    /// Keeps a part of a request whose upstream connection is being opened; a body part pauses
    /// reading until it is connected, so what is kept stays within one read.
    private func queue(_ part: HTTPServerRequestPart, exchange: ProxyExchange) {
        exchange.pending.append(part)
        switch part {
        case .end: exchange.requestComplete = true
        case .body: pauseReading()
        case .head: break
        }
    }

    /// Back to waiting for a request: replays deferred parts, reads again.
    func becomeIdle() {
        state = .idle
        armHeaderTimeout()
        let parts = deferred
        deferred = []
        for part in parts { handle(part) }
        switch state {
        case .idle, .buffering, .answering, .forwarding:
            if deferred.isEmpty { resumeReading() }
        case .connecting, .tunnel, .closed:
            break
        }
    }
}
