import NIOCore
import NIOHTTP1

extension ProxyConnectionHandler {
    /// Connects to the CONNECT target (through the SSRF guard), answers 200 and hands the
    /// connection to a pair of ``TunnelHandler``s.
    func openTunnel(_ exchange: ProxyExchange) {
        guard let context else { return }
        state = .connecting(exchange)
        pauseReading()
        let (clientEnd, upstreamEnd) = TunnelHandler.pair(telemetry: runtime.telemetry)
        let upstreamBound = NIOLoopBound(upstreamEnd, eventLoop: context.eventLoop)
        let clientBound = NIOLoopBound(clientEnd, eventLoop: context.eventLoop)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        connect(exchange.request.host, port: exchange.request.port, eventLoop: context.eventLoop) { channel in
            try channel.pipeline.syncOperations.addHandler(upstreamBound.value)
        }.whenComplete { result in
            let handler = bound.value
            guard case .connecting(let current) = handler.state, current === exchange else {
                if case .success(let channel) = result { channel.close(promise: nil) }
                return
            }
            switch result {
            case .success(let channel): handler.establishTunnel(exchange, clientEnd: clientBound.value, upstream: channel)
            case .failure(let error): handler.connectFailed(exchange, error: error)
            }
        }
    }

    private func establishTunnel(_ exchange: ProxyExchange, clientEnd: TunnelHandler, upstream: any Channel) {
        guard let context else {
            upstream.close(promise: nil)
            return
        }
        state = .tunnel
        exchange.status = 200
        finish(exchange, action: "allow", reason: exchange.decision.reason, status: 200)
        let telemetry = runtime.telemetry
        telemetry.tunnels(1)
        context.channel.closeFuture.whenComplete { _ in telemetry.tunnels(-1) }
        let pipeline = context.pipeline.syncOperations
        // The encoder leaves the pipeline at once (default removal), so the raw reply goes straight out.
        pipeline.removeHandler(responseEncoder, promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        buffer.writeString("HTTP/1.1 200 Connection Established\r\n\r\n")
        context.writeAndFlush(NIOAny(buffer), promise: nil)
        do {
            try pipeline.addHandler(clientEnd)
            pipeline.removeHandler(context: context, promise: nil)
            pipeline.removeHandler(requestDecoder, promise: nil)
            context.channel.read()  // reading was paused while connecting
        } catch {
            upstream.close(promise: nil)
            context.close(promise: nil)
        }
    }
}
