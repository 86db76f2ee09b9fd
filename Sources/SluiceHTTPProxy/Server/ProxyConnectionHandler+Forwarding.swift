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
    /// Resolves the host, then reuses an idle pooled connection to that address or connects,
    /// and starts streaming the request upstream.
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
        // Reading goes on while connecting: a body part queued meanwhile pauses it (see `queue`),
        // and a request without a body costs no pause and resume (two epoll changes).
        state = .connecting(exchange)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        runtime.resolve(exchange.request.host, port: exchange.request.port, eventLoop: context.eventLoop).whenComplete { result in
            let handler = bound.value
            guard case .connecting(let current) = handler.state, current === exchange else { return }
            switch result {
            case .success(let address): handler.forward(exchange, to: address)
            case .failure(let error): handler.connectFailed(exchange, error: error)
            }
        }
    }

    /// Methods a request may be sent again with (RFC 9110 §9.2.2).
    static let idempotentMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]

    /// The pool key of an exchange's upstream: scheme, host, port, the resolved address and
    /// whether it comes from an inspected tunnel (TLS settings differ, connections never mix).
    func poolKey(_ exchange: ProxyExchange, address: SocketAddress) -> String {
        let request = exchange.request
        return "\(request.scheme)://\(request.host):\(request.port)@\(address.ipAddress ?? "?")\(inspected == nil ? "" : "#inspected")"
    }

    /// Checks the resolved address with the SSRF guard, then takes a pooled connection to it or opens one.
    private func forward(_ exchange: ProxyExchange, to address: SocketAddress) {
        guard let context else { return }
        if let refusal = runtime.ssrfGuard.check(address) {
            connectFailed(exchange, error: SSRFRefusal(decision: refusal))
            return
        }
        let key = poolKey(exchange, address: address)
        exchange.upstreamAddress = address
        exchange.poolKey = key
        // Only an idempotent request may have to be sent again (a parked connection can turn out
        // closed), so other methods always get a new connection.
        if Self.idempotentMethods.contains(exchange.request.method), let idle = upstreamPool(context.eventLoop).take(key) {
            exchange.replay = []  // a parked connection may have been closed meanwhile: keep what is sent, to send again
            connected(exchange, upstream: idle)
            return
        }
        openUpstream(exchange, address: address)
    }

    /// The pool of this connection's event loop.
    func upstreamPool(_ eventLoop: any EventLoop) -> UpstreamPool {
        if let pool = cachedPool { return pool }
        let pool = runtime.upstreamPools.pool(for: eventLoop)
        cachedPool = pool
        return pool
    }

    /// Opens a new upstream connection (with TLS for https) to the checked address.
    func openUpstream(_ exchange: ProxyExchange, address: SocketAddress) {
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let tlsContext = exchange.request.scheme == "https" ? runtime.tls.clientContext : nil
        let serverName = InspectionAuthority.ipAddressBytes(exchange.request.host) == nil ? exchange.request.host : nil
        connect(to: address, eventLoop: context.eventLoop) { channel in
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
                if let upstream { handler.connected(exchange, upstream: upstream) } else {
                    handler.connectFailed(exchange, error: ChannelError.ioOnClosedChannel)
                }
            case .failure(let error): handler.connectFailed(exchange, error: error)
            }
        }
    }

    /// Resolves the host (see ``ProxyRuntime/resolve(_:port:eventLoop:)``), checks the address with
    /// the SSRF guard, connects to that address.
    func connect(_ host: String, port: Int, eventLoop: any EventLoop,
                 initializer: @escaping @Sendable (any Channel) throws -> Void) -> EventLoopFuture<any Channel> {
        let ssrf = runtime.ssrfGuard
        let timeout = runtime.configuration.limits.connectTimeoutSeconds
        return runtime.resolve(host, port: port, eventLoop: eventLoop).flatMap { address in
            if let refusal = ssrf.check(address) { return eventLoop.makeFailedFuture(SSRFRefusal(decision: refusal)) }
            return Self.connect(to: address, eventLoop: eventLoop, ssrf: ssrf, timeout: timeout, initializer: initializer)
        }
    }

    /// Connects to an address the SSRF guard allowed.
    func connect(to address: SocketAddress, eventLoop: any EventLoop,
                 initializer: @escaping @Sendable (any Channel) throws -> Void) -> EventLoopFuture<any Channel> {
        Self.connect(to: address, eventLoop: eventLoop, ssrf: runtime.ssrfGuard, timeout: runtime.configuration.limits.connectTimeoutSeconds,
                     initializer: initializer)
    }

    private static func connect(to address: SocketAddress, eventLoop: any EventLoop, ssrf: SSRFGuard, timeout: Double,
                                initializer: @escaping @Sendable (any Channel) throws -> Void) -> EventLoopFuture<any Channel> {
        ClientBootstrap(group: eventLoop)
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

    func connectFailed(_ exchange: ProxyExchange, error: any Error) {
        if let refusal = error as? SSRFRefusal {
            exchange.decision = refusal.decision
            answer(exchange, status: .forbidden, text: refusal.decision.reason)
        } else if let failure = error as? UpstreamResolutionError {
            logger.debug("cannot resolve upstream host", metadata: ["host": "\(failure.host)", "error": "\(failure.underlying)"])
            answer(exchange, status: .badGateway, text: "cannot resolve \(exchange.request.host)", rule: "dns")
            exchange.decision = PolicyDecision(.deny(status: 502), rule: "dns", reason: "upstream host not resolved")
        } else {
            answer(exchange, status: .badGateway, text: "cannot connect to \(exchange.request.host):\(exchange.request.port)",
                   rule: exchange.decision.rule)
            exchange.decision = PolicyDecision(.deny(status: 502), rule: exchange.decision.rule, reason: "upstream unreachable")
        }
    }

    /// Sends what was queued while connecting (after the parts a retry sends again), then streams.
    func connected(_ exchange: ProxyExchange, upstream: UpstreamHandler) {
        upstream.client = self
        state = .forwarding(exchange, upstream)
        let pending = exchange.pending
        exchange.pending = []
        exchange.sentAt = .now()
        for part in exchange.resend { upstream.send(part) }
        exchange.resend = []
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
            send(.head(head), exchange: exchange, upstream: upstream)
        case .body(let chunk):
            exchange.bytesUp += chunk.readableBytes
            runtime.telemetry.bytes(chunk.readableBytes, direction: "up")
            if let max = runtime.configuration.content.maxUploadBytes, exchange.bytesUp > max {
                abortUpload(exchange, upstream: upstream, status: .payloadTooLarge, rule: "content.maxUploadBytes", reason: "request body larger than allowed")
                return
            }
            switch exchange.requestScanner.scan(chunk, allocator: context.channel.allocator) {
            case .forward(let bytes):
                if bytes.readableBytes > 0 { send(.body(.byteBuffer(bytes)), exchange: exchange, upstream: upstream, flush: !queued) }
            case .block(let type):
                abortUpload(exchange, upstream: upstream, status: .forbidden, rule: Self.ruleName(forFinding: type), reason: "request body refused (\(type))")
                return
            }
            if !upstream.isWritable { pauseReading() }
        case .end(let trailers):
            exchange.requestComplete = true
            switch exchange.requestScanner.finish(allocator: context.channel.allocator) {
            case .forward(let bytes):
                if bytes.readableBytes > 0 { send(.body(.byteBuffer(bytes)), exchange: exchange, upstream: upstream) }
            case .block(let type):
                abortUpload(exchange, upstream: upstream, status: .forbidden, rule: Self.ruleName(forFinding: type), reason: "request body refused (\(type))")
                return
            }
            send(.end(trailers), exchange: exchange, upstream: upstream, flush: true)
        }
    }

    /// Sends a part upstream, keeping a copy while the exchange may have to send it again.
    private func send(_ part: HTTPClientRequestPart, exchange: ProxyExchange, upstream: UpstreamHandler, flush: Bool = false) {
        if exchange.replay != nil {
            if case .body(.byteBuffer(let bytes)) = part { exchange.replayBytes += bytes.readableBytes }
            if exchange.replayBytes > ProxyExchange.maxReplayBytes { exchange.replay = nil } else { exchange.replay?.append(part) }
        }
        upstream.send(part, flush: flush)
    }

    /// Sends the request again on a new connection after a pooled one closed before any response
    /// (the upstream timed it out while it was idle); false when the request cannot be sent again.
    func retryOnNewConnection(_ exchange: ProxyExchange) -> Bool {
        guard let replay = exchange.replay, let address = exchange.upstreamAddress, !exchange.responseStarted, exchange.heldHead == nil else {
            return false
        }
        exchange.replay = nil
        exchange.replayBytes = 0
        exchange.resend = replay
        state = .connecting(exchange)
        pauseReading()
        openUpstream(exchange, address: address)
        return true
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
