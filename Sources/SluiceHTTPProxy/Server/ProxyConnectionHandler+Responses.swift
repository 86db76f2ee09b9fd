import NIOCore
import NIOHTTP1

extension ProxyConnectionHandler {
    /// Answers locally (deny, errors) and ends the exchange; the connection stays open only
    /// when the whole request was read and the client wants keep-alive.
    func answer(_ exchange: ProxyExchange, status: HTTPResponseStatus, text: String, rule: String? = nil,
                extraHeaders: HTTPHeaders = HTTPHeaders()) {
        if let rule { exchange.decision = PolicyDecision(.deny(status: Int(status.code)), rule: rule, reason: text) }
        guard !exchange.responseStarted else {
            finish(exchange, action: exchange.decision.action, reason: text, status: exchange.status)
            state = .closed  // before closing: channelInactive may run at once
            context?.close(promise: nil)
            return
        }
        exchange.status = Int(status.code)
        let close = !exchange.keepAlive || (!exchange.requestComplete && exchange.expectsBody)
        // Audited before the answer leaves, so the log is complete when the client sees it.
        finish(exchange, action: exchange.decision.action, reason: exchange.decision.reason, status: Int(status.code))
        if close { state = .closed }  // before writing: the close after the write may run at once
        // A refusal names the rule that refused (its name only, never what it matched).
        let body = status == .forbidden ? "\(text) (rule: \(exchange.decision.rule))" : text
        writeSimpleResponse(status: status, version: exchange.version, text: body, close: close, extraHeaders: extraHeaders)
        if !close { becomeIdle() }
    }

    /// Writes a short text response; closes the connection after it when asked.
    func writeSimpleResponse(status: HTTPResponseStatus, version: HTTPVersion, text: String, close: Bool,
                             extraHeaders: HTTPHeaders = HTTPHeaders()) {
        guard let context else { return }
        var body = context.channel.allocator.buffer(capacity: text.utf8.count + 1)
        body.writeString(text + "\n")
        var headers = extraHeaders
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Connection", value: close ? "close" : "keep-alive")
        let responseVersion = version.major == 1 && version.minor == 0 ? HTTPVersion.http1_0 : .http1_1
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: responseVersion, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let done = context.writeAndFlushPromise()
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if close {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Answers with a mock rule's canned response, after its latency, or injects its fault.
    func respondWithMock(_ mock: MockResponse, exchange: ProxyExchange) {
        guard let context else { return }
        state = .answering(exchange)
        let deliver = { [self] in
            guard case .answering(let current) = state, current === exchange else { return }
            switch mock.fault {
            case .drop:
                finish(exchange, action: "mock", reason: "fault: connection dropped", status: nil)
                state = .closed
                self.context?.close(promise: nil)
            case .error:
                exchange.status = 502
                answer(exchange, status: .badGateway, text: "injected fault")
            case nil:
                sendMock(mock, exchange: exchange)
            }
        }
        if let latency = mock.latencyMilliseconds, latency > 0 {
            let bound = NIOLoopBound(deliver, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(latency))) { bound.value() }
        } else {
            deliver()
        }
    }

    private func sendMock(_ mock: MockResponse, exchange: ProxyExchange) {
        guard let context else { return }
        let text = MockTemplate.render(mock.body ?? "", request: exchange.request)
        var body = context.channel.allocator.buffer(capacity: text.utf8.count)
        body.writeString(text)
        var headers = HTTPHeaders()
        for (name, value) in mock.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "Content-Length", value: "\(body.readableBytes)")
        let close = !exchange.keepAlive || (!exchange.requestComplete && exchange.expectsBody)
        headers.replaceOrAdd(name: "Connection", value: close ? "close" : "keep-alive")
        exchange.status = mock.status
        exchange.responseStarted = true
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: mock.status), headers: headers))), promise: nil)
        if exchange.request.method != "HEAD" { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        finish(exchange, action: "mock", reason: exchange.decision.reason, status: mock.status)
        if close { state = .closed }
        let done = context.writeAndFlushPromise()
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if close {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
        } else {
            becomeIdle()
        }
    }

    /// Records the end of an exchange: audit line, metrics, span.
    func finish(_ exchange: ProxyExchange, action: String, reason: String, status: Int?) {
        let rule = exchange.decision.rule
        runtime.telemetry.request(action: action, rule: rule)
        if let findings = exchange.findings { runtime.telemetry.findings(findings) }
        runtime.telemetry.end(exchange.span, decision: exchange.decision, action: action, status: status)
        audit(exchange.request, rule: rule, action: action, reason: reason, status: status,
              findings: exchange.findings, bytesUp: exchange.bytesUp, bytesDown: exchange.bytesDown)
    }

    /// Writes one audit line.
    func audit(_ request: ProxyRequest?, rule: String, action: String, reason: String, status: Int?,
               findings: [String: Int]? = nil, bytesUp: Int? = nil, bytesDown: Int? = nil) {
        guard let log = runtime.audit else { return }
        let client = request?.client ?? context?.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" }
        log.record(AuditEvent(client: client, user: request?.user, job: request?.job, method: request?.method,
                              url: request.map { $0.host.isEmpty ? $0.path : $0.url }, rule: rule, action: action, reason: reason,
                              status: status, findings: findings, bytesUp: bytesUp, bytesDown: bytesDown))
    }
}

extension ChannelHandlerContext {
    /// A promise on this context's event loop.
    func writeAndFlushPromise() -> EventLoopPromise<Void> { eventLoop.makePromise() }
}
