import NIOCore
import NIOHTTP1
import NIOSSL

extension ProxyConnectionHandler {
    /// A CONNECT to an inspected host: gets the host's leaf context (issued off the event loop when
    /// not cached), answers 200, then terminates TLS and reads the requests inside like plain ones.
    func startInspection(_ exchange: ProxyExchange) {
        guard let context else { return }
        state = .connecting(exchange)
        pauseReading()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        // The exchange is the event loop's too: the callbacks below run there.
        let boundExchange = NIOLoopBound(exchange, eventLoop: context.eventLoop)
        runtime.tls.serverContext(for: exchange.request.host, pool: runtime.resolverPool, eventLoop: context.eventLoop).whenComplete { result in
            let handler = bound.value
            let exchange = boundExchange.value
            guard case .connecting(let current) = handler.state, current === exchange else { return }
            switch result {
            case .success(let tlsContext):
                // On the next tick: a cached context arrives at once, while the decoder is still
                // delivering the CONNECT's end, which must reach this handler, not the new pipeline.
                bound.eventLoop.execute {
                    let handler = bound.value
                    let exchange = boundExchange.value
                    guard case .connecting(let current) = handler.state, current === exchange else { return }
                    handler.terminateTLS(exchange, tlsContext: tlsContext)
                }
            case .failure(let error):
                handler.logger.error("cannot issue a leaf certificate", metadata: ["host": "\(exchange.request.host)", "error": "\(error)"])
                handler.answer(exchange, status: .internalServerError, text: "cannot issue a certificate for \(exchange.request.host)",
                               rule: "tls.inspect")
            }
        }
    }

    /// Replaces this handler by a TLS server handler and a fresh HTTP pipeline for the tunnel's requests.
    private func terminateTLS(_ exchange: ProxyExchange, tlsContext: NIOSSLContext) {
        guard let context else { return }
        state = .tunnel
        exchange.status = 200
        let reason = exchange.decision.reason
        finish(exchange, action: "allow", reason: reason.isEmpty ? "TLS inspected" : "TLS inspected; \(reason)", status: 200)
        let telemetry = runtime.telemetry
        telemetry.tunnels(1)
        context.channel.closeFuture.whenComplete { _ in telemetry.tunnels(-1) }
        let tunnel = InspectedTunnel(host: exchange.request.host, port: exchange.request.port,
                                     user: exchange.request.user, job: exchange.request.job)
        let pipeline = context.pipeline.syncOperations
        let channel = context.channel
        // The encoder leaves at once, so the 200 goes out in clear before TLS starts.
        pipeline.removeHandler(responseEncoder, promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        buffer.writeString("HTTP/1.1 200 Connection Established\r\n\r\n")
        context.writeAndFlush(NIOAny(buffer), promise: nil)
        do {
            try pipeline.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
            let encoder = HTTPResponseEncoder()
            let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
            try pipeline.addHandler(encoder)
            try pipeline.addHandler(decoder)
            try pipeline.addHandler(ProxyConnectionHandler(runtime: runtime, logger: logger, requestDecoder: decoder,
                                                           responseEncoder: encoder, inspected: tunnel))
            pipeline.removeHandler(requestDecoder, promise: nil)
            pipeline.removeHandler(context: context, promise: nil)
            channel.read()  // reading was paused while the certificate was issued
        } catch {
            channel.close(promise: nil)
        }
    }
}
