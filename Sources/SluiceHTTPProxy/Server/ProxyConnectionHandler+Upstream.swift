import NIOCore
import NIOHTTP1

extension ProxyConnectionHandler {
    /// Whether the client can take more response bytes (upstream reads wait otherwise).
    var canTakeResponse: Bool { context?.channel.isWritable ?? false }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .forwarding(_, let upstream) = state { upstream.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    func upstreamWritabilityChanged(_ upstream: UpstreamHandler) {
        if upstream.isWritable, case .forwarding(let exchange, let current) = state, current === upstream, !exchange.requestComplete {
            resumeReading()
        }
    }

    /// The end of one batch of upstream reads: the response bytes written meanwhile go out in
    /// one flush (one system call for a small response's head and body).
    func upstreamReadComplete(_ upstream: UpstreamHandler) {
        guard unflushedResponse else { return }
        unflushedResponse = false
        context?.flush()
    }

    /// A response part from upstream.
    func upstreamRead(_ part: HTTPClientResponsePart, from upstream: UpstreamHandler) {
        guard case .forwarding(let exchange, let current) = state, current === upstream else { return }
        switch part {
        case .head(let head):
            if head.status.code < 200 { return }  // 1xx: not relayed
            if let sent = exchange.sentAt { runtime.telemetry.upstreamLatency(nanoseconds: (NIODeadline.now() - sent).nanoseconds) }
            exchange.upstreamReusable = head.isKeepAlive
            if let refusal = refusal(of: head, exchange: exchange) {
                dropUpstream(upstream)
                answer(exchange, status: .forbidden, text: refusal.reason, rule: refusal.rule)
                return
            }
            if runtime.configuration.content.blockExecutables, exchange.request.method != "HEAD", head.status != .noContent, head.status != .notModified {
                exchange.heldHead = head
                exchange.sniffed = context?.channel.allocator.buffer(capacity: DownloadSignature.sniffLength)
            } else {
                sendResponseHead(head, exchange: exchange)
            }
        case .body(var chunk):
            if exchange.heldHead != nil {
                exchange.sniffed?.writeBuffer(&chunk)
                if (exchange.sniffed?.readableBytes ?? 0) >= DownloadSignature.sniffLength { releaseHeldResponse(exchange, upstream: upstream) }
                return
            }
            sendResponseBody(chunk, exchange: exchange, upstream: upstream)
        case .end(let trailers):
            if exchange.heldHead != nil {
                releaseHeldResponse(exchange, upstream: upstream)
                guard case .forwarding = state else { return }
            }
            if case .block = flushResponseScanner(exchange, upstream: upstream) { return }
            completeResponse(exchange, upstream: upstream, trailers: trailers)
        }
    }

    /// Response type and declared size checks on a response head.
    private func refusal(of head: HTTPResponseHead, exchange: ProxyExchange) -> (rule: String, reason: String)? {
        let content = runtime.configuration.content
        if let type = head.headers.first(name: "content-type")?.lowercased(),
           content.blockedResponseTypes.contains(where: { type.hasPrefix($0.lowercased()) }) {
            return ("content.blockedResponseTypes", "response content type refused")
        }
        if let max = content.maxDownloadBytes, let length = head.headers.first(name: "content-length").flatMap(Int.init), length > max {
            return ("content.maxDownloadBytes", "response body larger than allowed")
        }
        return nil
    }

    /// Checks the sniffed first bytes, then sends the held head and bytes (or refuses the download).
    private func releaseHeldResponse(_ exchange: ProxyExchange, upstream: UpstreamHandler) {
        guard let head = exchange.heldHead else { return }
        let sniffed = exchange.sniffed ?? ByteBuffer()
        exchange.heldHead = nil
        exchange.sniffed = nil
        if let signature = DownloadSignature.detect(Array(sniffed.readableBytesView.prefix(DownloadSignature.sniffLength))) {
            exchange.responseScanner = BodyScanner(detectors: [])
            var findings = [String: Int]()
            findings["download.\(signature)"] = 1
            runtime.telemetry.findings(findings)
            dropUpstream(upstream)
            answer(exchange, status: .forbidden, text: "download refused (\(signature))", rule: "content.blockExecutables")
            return
        }
        sendResponseHead(head, exchange: exchange)
        if sniffed.readableBytes > 0 { sendResponseBody(sniffed, exchange: exchange, upstream: upstream) }
    }

    private func sendResponseHead(_ head: HTTPResponseHead, exchange: ProxyExchange) {
        guard let context else { return }
        var response = head
        response.headers = Self.forwardedHeaders(head.headers)
        response.version = exchange.version.major == 1 && exchange.version.minor == 0 ? .http1_0 : .http1_1
        if !exchange.keepAlive { response.headers.replaceOrAdd(name: "Connection", value: "close") }
        exchange.status = Int(head.status.code)
        exchange.responseStarted = true
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        unflushedResponse = true
    }

    private func sendResponseBody(_ chunk: ByteBuffer, exchange: ProxyExchange, upstream: UpstreamHandler) {
        guard let context else { return }
        exchange.bytesDown += chunk.readableBytes
        runtime.telemetry.bytes(chunk.readableBytes, direction: "down")
        if let max = runtime.configuration.content.maxDownloadBytes, exchange.bytesDown > max {
            abortDownload(exchange, upstream: upstream, rule: "content.maxDownloadBytes", reason: "response body larger than allowed")
            return
        }
        switch exchange.responseScanner.scan(chunk, allocator: context.channel.allocator) {
        case .forward(let bytes):
            if bytes.readableBytes > 0 {
                context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
                unflushedResponse = true  // flushed at the end of the upstream read batch
            }
        case .block(let type):
            abortDownload(exchange, upstream: upstream, rule: Self.ruleName(forFinding: type), reason: "response body refused (\(type))")
        }
    }

    private func flushResponseScanner(_ exchange: ProxyExchange, upstream: UpstreamHandler) -> BodyScanner.Result {
        guard let context else { return .forward(ByteBuffer()) }
        let result = exchange.responseScanner.finish(allocator: context.channel.allocator)
        switch result {
        case .forward(let bytes):
            if bytes.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil) }
        case .block(let type):
            abortDownload(exchange, upstream: upstream, rule: Self.ruleName(forFinding: type), reason: "response body refused (\(type))")
        }
        return result
    }

    /// Stops a download mid-way: a refused response that already started ends by closing both connections.
    private func abortDownload(_ exchange: ProxyExchange, upstream: UpstreamHandler, rule: String, reason: String) {
        dropUpstream(upstream)
        exchange.keepAlive = false
        answer(exchange, status: .forbidden, text: reason, rule: rule)
    }

    private func completeResponse(_ exchange: ProxyExchange, upstream: UpstreamHandler, trailers: HTTPHeaders?) {
        guard let context else { return }
        let close = !exchange.keepAlive || !exchange.requestComplete
        finish(exchange, action: exchange.decision.action, reason: exchange.decision.reason, status: exchange.status)
        if close { state = .closed }
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: done)
        unflushedResponse = false
        if exchange.upstreamReusable, exchange.requestComplete, let key = exchange.poolKey {
            upstreamPool(context.eventLoop).park(upstream, key: key)
        } else {
            dropUpstream(upstream)
        }
        if close {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
        } else {
            becomeIdle()
        }
    }

    /// The upstream connection closed.
    func upstreamClosed(_ upstream: UpstreamHandler) {
        guard case .forwarding(let exchange, let current) = state, current === upstream else { return }
        upstream.client = nil
        if upstream.tlsError == nil, retryOnNewConnection(exchange) { return }
        if exchange.heldHead != nil {
            releaseHeldResponse(exchange, upstream: upstream)
            guard case .forwarding = state else { return }
        }
        if exchange.responseStarted {
            exchange.keepAlive = false
            answer(exchange, status: .badGateway, text: "upstream closed mid-response")
        } else if let error = upstream.tlsError {
            answer(exchange, status: .badGateway, text: "TLS with \(exchange.request.host):\(exchange.request.port) failed (\(error))",
                   rule: "upstream.tls")
        } else {
            answer(exchange, status: .badGateway, text: "upstream closed without a response", rule: "upstream")
        }
    }

    func dropUpstream(_ upstream: UpstreamHandler) {
        upstream.client = nil
        upstream.close()
    }
}
