import NIOCore
import NIOHTTP1

extension ProxyConnectionHandler {
    /// A new request head: validate, parse the target, authenticate, decide.
    func receive(_ head: HTTPRequestHead) {
        let client = context?.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" }
        if let refusal = RequestHeadValidator.validate(head, limits: runtime.configuration.limits) {
            refuseEarly(head, status: refusal.status, rule: "request.validation", reason: refusal.reason, client: client)
            return
        }
        if let inspected {
            receiveInspected(head, tunnel: inspected, client: client)
            return
        }
        guard var request = Self.parseTarget(head) else {
            refuseEarly(head, status: .badRequest, rule: "request.target",
                        reason: "a proxy request needs an absolute http:// or https:// URL or CONNECT host:port", client: client)
            return
        }
        request.client = client
        request.job = head.headers.first(name: "x-sluice-job")
        if let authenticator = runtime.authenticator {
            guard let user = authenticator.authenticate(head.headers.first(name: "proxy-authorization")) else {
                challenge(head, realm: authenticator.realm, request: request)
                return
            }
            request.user = user
        }
        let exchange = ProxyExchange(request: request, version: head.version, keepAlive: head.isKeepAlive, runtime: runtime)
        exchange.expectsBody = Self.hasBody(head)
        decide(exchange, head: head, body: nil)
    }

    /// A request inside an inspected tunnel: origin-form, for the CONNECT target, by the CONNECT's user.
    private func receiveInspected(_ head: HTTPRequestHead, tunnel: InspectedTunnel, client: String?) {
        guard head.uri.hasPrefix("/"), head.method != .CONNECT else {
            refuseEarly(head, status: .badRequest, rule: "request.target",
                        reason: "inside an inspected tunnel a request needs an origin-form target (/path)", client: client)
            return
        }
        var request = ProxyRequest(method: head.method.rawValue, scheme: "https", host: tunnel.host, port: tunnel.port,
                                   path: head.uri, headers: head.headers)
        request.client = client
        request.user = tunnel.user
        request.job = head.headers.first(name: "x-sluice-job") ?? tunnel.job
        let exchange = ProxyExchange(request: request, version: head.version, keepAlive: head.isKeepAlive, runtime: runtime)
        exchange.expectsBody = Self.hasBody(head)
        decide(exchange, head: head, body: nil)
    }

    /// Asks the engine and acts on its outcome.
    func decide(_ exchange: ProxyExchange, head: HTTPRequestHead?, body: ByteBuffer?) {
        switch runtime.engine.evaluate(exchange.request, body: body) {
        case .needsBody:
            exchange.bufferedBody = context?.channel.allocator.buffer(capacity: 0)
            state = .buffering(exchange)
        case .pass:
            break  // the engine never passes
        case .decide(let decision):
            exchange.decision = decision
            switch decision.verdict {
            case .deny(let status):
                answer(exchange, status: HTTPResponseStatus(statusCode: status), text: decision.reason)
            case .mock(let mock):
                respondWithMock(mock, exchange: exchange)
            case .allow:
                if exchange.request.method == "CONNECT" {
                    if runtime.tls.inspects(exchange.request.host) { startInspection(exchange) } else { openTunnel(exchange) }
                } else {
                    startForwarding(exchange, body: body)
                }
            }
        }
    }

    /// Collects the body a rule needs (up to 1 MiB; beyond, the rule cannot match).
    func bufferBody(_ part: HTTPServerRequestPart, exchange: ProxyExchange) {
        switch part {
        case .head:
            break
        case .body(var chunk):
            exchange.bufferedBody?.writeBuffer(&chunk)
            if (exchange.bufferedBody?.readableBytes ?? 0) > 1 << 20 {
                answer(exchange, status: .payloadTooLarge, text: "request body too large to match rules on", rule: "rules.bodyContains")
            }
        case .end:
            exchange.requestComplete = true
            let body = exchange.bufferedBody ?? ByteBuffer()
            decide(exchange, head: nil, body: body)
        }
    }

    /// Answers a request refused before an exchange exists, then closes (the body, if any, is not read).
    func refuseEarly(_ head: HTTPRequestHead, status: HTTPResponseStatus, rule: String, reason: String, client: String?) {
        audit(ProxyRequest(method: head.method.rawValue, scheme: "http", host: "", port: 0, path: head.uri, client: client),
              rule: rule, action: "deny", reason: reason, status: Int(status.code))
        runtime.telemetry.request(action: "deny", rule: rule)
        state = .closed
        writeSimpleResponse(status: status, version: head.version, text: reason, close: true)
    }

    /// 407 with a Basic challenge.
    private func challenge(_ head: HTTPRequestHead, realm: String, request: ProxyRequest) {
        let exchange = ProxyExchange(request: request, version: head.version, keepAlive: head.isKeepAlive, runtime: runtime)
        exchange.expectsBody = Self.hasBody(head)
        exchange.decision = PolicyDecision(.deny(status: 407), rule: "authentication", reason: "proxy authentication required")
        var headers = HTTPHeaders()
        headers.add(name: "Proxy-Authenticate", value: "Basic realm=\"\(realm)\"")
        answer(exchange, status: .proxyAuthenticationRequired, text: "proxy authentication required", extraHeaders: headers)
    }

    /// The request as the policies see it, from an absolute-form or authority-form target.
    static func parseTarget(_ head: HTTPRequestHead) -> ProxyRequest? {
        if head.method == .CONNECT {
            guard let (host, port) = splitAuthority(Substring(head.uri)), let port else { return nil }
            return ProxyRequest(method: "CONNECT", scheme: "https", host: host, port: port, path: "/", headers: head.headers)
        }
        let uri = head.uri
        let scheme: String
        if uri.lowercased().hasPrefix("http://") {
            scheme = "http"
        } else if uri.lowercased().hasPrefix("https://") {
            scheme = "https"
        } else {
            return nil
        }
        let rest = uri.dropFirst(scheme.count + 3)
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<slash]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard let (host, port) = splitAuthority(authority) else { return nil }
        var path = String(rest[slash...])
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        return ProxyRequest(method: head.method.rawValue, scheme: scheme, host: host, port: port ?? (scheme == "https" ? 443 : 80),
                            path: path, headers: head.headers)
    }

    /// `host[:port]` or `[v6][:port]`; `nil` when malformed.
    static func splitAuthority(_ authority: Substring) -> (String, Int?)? {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return nil }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") }) else { return nil }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { return nil }
            return (String(host), port)
        }
        return (String(host), nil)
    }

    /// Whether the request announces a body.
    static func hasBody(_ head: HTTPRequestHead) -> Bool {
        head.headers.contains(name: "transfer-encoding") || (head.headers.first(name: "content-length").flatMap(Int.init) ?? 0) > 0
    }
}
