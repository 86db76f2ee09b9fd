import NIOCore
import NIOHTTP1
import Tracing

/// One request going through the proxy: what was asked, what was decided and how far it got.
final class ProxyExchange {
    let request: ProxyRequest
    let version: HTTPVersion
    let span: (any Span)?
    var decision: PolicyDecision
    /// Whether the client's connection stays open after this exchange.
    var keepAlive: Bool
    /// Whether the client sent the whole request.
    var requestComplete = false
    /// Whether the request announced a body (a local answer before it is read closes the connection).
    var expectsBody = false
    /// Whether the response head went to the client.
    var responseStarted = false
    var status: Int?
    var bytesUp = 0
    var bytesDown = 0
    /// Request parts received before the upstream connection was ready.
    var pending: [HTTPServerRequestPart] = []
    /// The body buffered for a rule matching on it.
    var bufferedBody: ByteBuffer?
    var requestScanner: BodyScanner
    var responseScanner: BodyScanner
    /// A response head held back until the first body bytes are sniffed.
    var heldHead: HTTPResponseHead?
    var sniffed: ByteBuffer?
    var sentAt: NIODeadline?
    /// Whether the upstream connection may be reused after this exchange.
    var upstreamReusable = true
    /// The address the host resolved to (checked by the SSRF guard).
    var upstreamAddress: SocketAddress?
    /// The upstream pool key of this exchange.
    var poolKey: String?
    /// On a reused pooled connection: the parts sent so far, to send again on a new connection if
    /// it turns out closed before any response; nil when not kept (or past ``maxReplayBytes``).
    var replay: [HTTPClientRequestPart]?
    var replayBytes = 0
    /// Parts to send first once connected (a retry's copy).
    var resend: [HTTPClientRequestPart] = []

    /// The most request body bytes kept for a retry.
    static let maxReplayBytes = 65_536

    init(request: ProxyRequest, version: HTTPVersion, keepAlive: Bool, runtime: ProxyRuntime) {
        self.request = request
        self.version = version
        self.keepAlive = keepAlive
        span = runtime.telemetry.startSpan(request)
        decision = PolicyDecision(.allow, rule: "default", reason: "")
        requestScanner = BodyScanner(detectors: runtime.requestDetectors)
        responseScanner = BodyScanner(detectors: runtime.responseDetectors)
    }

    /// All findings of both directions.
    var findings: [String: Int]? {
        let all = requestScanner.findings.merging(responseScanner.findings, uniquingKeysWith: +)
        return all.isEmpty ? nil : all
    }
}
