import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Headers that concern one connection only and are not forwarded.
private let hopByHop: Set<String> = [
    "connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection", "te", "trailer", "upgrade", "x-sluice-job",
]

/// A refusal by the SSRF guard while connecting.
struct SSRFRefusal: Error { let decision: PolicyDecision }

extension ProxyConnectionHandler {
    /// Connects (or reuses the idle connection) and starts streaming the request upstream.
    func startForwarding(_ exchange: ProxyExchange, body: ByteBuffer?) {
        guard let context else { return }
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: exchange.request.method), uri: exchange.request.path)
        head.headers = Self.forwardedHeaders(exchange.request.headers)
        // RFC 9112 §3.2.2: the Host sent on is the absolute-form target's authority.
        let host = exchange.request.host.contains(":") ? "[\(exchange.request.host)]" : exchange.request.host
        let defaultPort = exchange.request.scheme == "https" ? 443 : 80
        head.headers.replaceOrAdd(name: "Host", value: exchange.request.port == defaultPort ? host : "\(host):\(exchange.request.port)")
        exchange.pending.insert(.head(head), at: 0)
        if let body {  // buffered for a rule: already complete
            exchange.pending.append(.body(body))
            exchange.pending.append(.end(nil))
        }
        state = .connecting(exchange)
        pauseReading()
        let key = "\(exchange.request.scheme)://\(exchange.request.host):\(exchange.request.port)"
        if let idle = idleUpstream, idle.key == key, idle.handler.context?.channel.isActive == true {
            idleUpstream = nil
            connected(exchange, upstream: idle.handler, key: key)
            return
        }
        if let idle = idleUpstream {
            idle.handler.client = nil
            idle.handler.close()
            idleUpstream = nil
        }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let tlsContext = exchange.request.scheme == "https" ? runtime.tls.clientContext : nil
        let serverName = InspectionAuthority.ipAddressBytes(exchange.request.host) == nil ? exchange.request.host : nil
        connect(exchange.request.host, port: exchange.request.port, eventLoop: context.eventLoop) { channel in
            if let tlsContext {
                // Verified against the system roots (and tls.upstreamTrust); an IP host is checked against the address.
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
            }
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            try channel.pipeline.syncOperations.addHandler(UpstreamHandler(client: bound.value))
        }.whenComplete { result in
            let handler = bound.value
            let upstream = try? result.get().pipeline.syncOperations.handler(type: UpstreamHandler.self)
            guard case .connecting(let current) = handler.state, current === exchange else {
                upstream?.close()
                return
            }
            switch result {
            case .success:
                if let upstream { handler.connected(exchange, upstream: upstream, key: key) } else {
                    handler.connectFailed(exchange, error: ChannelError.ioOnClosedChannel)
                }
            case .failure(let error): handler.connectFailed(exchange, error: error)
            }
        }
    }

    /// Resolves the host off the event loop, checks the address with the SSRF guard, connects to that address.
    func connect(_ host: String, port: Int, eventLoop: any EventLoop,
                 initializer: @escaping @Sendable (any Channel) throws -> Void) -> EventLoopFuture<any Channel> {
        let ssrf = runtime.ssrfGuard
        let timeout = runtime.configuration.limits.connectTimeoutSeconds
        let address: EventLoopFuture<SocketAddress>
        if let literal = try? SocketAddress(ipAddress: host, port: port) {
            address = eventLoop.makeSucceededFuture(literal)
        } else {
            address = runtime.resolverPool.runIfActive(eventLoop: eventLoop) {
                try SocketAddress.makeAddressResolvingHost(host, port: port)
            }
        }
        return address.flatMap { address in
            if let refusal = ssrf.check(address) { return eventLoop.makeFailedFuture(SSRFRefusal(decision: refusal)) }
            return ClientBootstrap(group: eventLoop)
                .connectTimeout(.nanoseconds(Int64(timeout * 1e9)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try initializer(channel) }
                }
                .connect(to: address)
                .flatMapThrowing { channel in
                    // The address actually connected to is checked again.
                    if let remote = channel.remoteAddress, let refusal = ssrf.check(remote) {
                        channel.close(promise: nil)
                        throw SSRFRefusal(decision: refusal)
                    }
                    return channel
                }
        }
    }

    func connectFailed(_ exchange: ProxyExchange, error: any Error) {
        if let refusal = error as? SSRFRefusal {
            exchange.decision = refusal.decision
            answer(exchange, status: .forbidden, text: refusal.decision.reason)
        } else {
            answer(exchange, status: .badGateway, text: "cannot connect to \(exchange.request.host):\(exchange.request.port)",
                   rule: exchange.decision.rule)
            exchange.decision = PolicyDecision(.deny(status: 502), rule: exchange.decision.rule, reason: "upstream unreachable")
        }
    }

    /// Sends what was queued while connecting, then streams.
    func connected(_ exchange: ProxyExchange, upstream: UpstreamHandler, key: String) {
        upstream.client = self
        upstreamKey = key
        state = .forwarding(exchange, upstream)
        let pending = exchange.pending
        exchange.pending = []
        exchange.sentAt = .now()
        for part in pending {
            guard case .forwarding = state else { return }
            forwardRequestPart(part, exchange: exchange, upstream: upstream, queued: true)
        }
        upstream.flush()
        guard case .forwarding = state else { return }
        if !exchange.requestComplete { resumeReading() }
    }

    /// Streams one request part upstream through the body scanner and size limit.
    func forwardRequestPart(_ part: HTTPServerRequestPart, exchange: ProxyExchange, upstream: UpstreamHandler, queued: Bool = false) {
        guard let context else { return }
        switch part {
        case .head(let head):
            upstream.send(.head(head))
        case .body(let chunk):
            exchange.bytesUp += chunk.readableBytes
            runtime.telemetry.bytes(chunk.readableBytes, direction: "up")
            if let max = runtime.configuration.content.maxUploadBytes, exchange.bytesUp > max {
                abortUpload(exchange, upstream: upstream, status: .payloadTooLarge, rule: "content.maxUploadBytes", reason: "request body larger than allowed")
                return
            }
            switch exchange.requestScanner.scan(chunk, allocator: context.channel.allocator) {
            case .forward(let bytes):
                if bytes.readableBytes > 0 { upstream.send(.body(.byteBuffer(bytes)), flush: !queued) }
            case .block(let type):
                abortUpload(exchange, upstream: upstream, status: .forbidden, rule: Self.ruleName(forFinding: type), reason: "request body refused (\(type))")
                return
            }
            if !upstream.isWritable { pauseReading() }
        case .end(let trailers):
            exchange.requestComplete = true
            switch exchange.requestScanner.finish(allocator: context.channel.allocator) {
            case .forward(let bytes):
                if bytes.readableBytes > 0 { upstream.send(.body(.byteBuffer(bytes))) }
            case .block(let type):
                abortUpload(exchange, upstream: upstream, status: .forbidden, rule: Self.ruleName(forFinding: type), reason: "request body refused (\(type))")
                return
            }
            upstream.send(.end(trailers), flush: true)
        }
    }

    static func ruleName(forFinding type: String) -> String {
        type == "keyword" || type == "pattern" ? "content.\(type)s" : "dlp.\(type)"
    }

    /// Stops an upload mid-way: the upstream connection is dropped, the client gets the status.
    private func abortUpload(_ exchange: ProxyExchange, upstream: UpstreamHandler, status: HTTPResponseStatus, rule: String, reason: String) {
        upstream.client = nil
        upstream.close()
        exchange.keepAlive = false
        answer(exchange, status: status, text: reason, rule: rule)
    }

    /// The client's headers minus hop-by-hop ones and those named in Connection.
    static func forwardedHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
        let named = Set(headers["connection"].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        var forwarded = HTTPHeaders()
        for (name, value) in headers {
            let lower = name.lowercased()
            if hopByHop.contains(lower) || named.contains(lower) { continue }
            forwarded.add(name: name, value: value)
        }
        return forwarded
    }
}
