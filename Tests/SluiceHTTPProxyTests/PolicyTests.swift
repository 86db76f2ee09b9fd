import NIOCore
import NIOHTTP1
import Testing
@testable import SluiceHTTPProxy

@Suite struct PolicyTests {
    private func request(_ method: String = "GET", host: String = "api.example.com", port: Int = 80, path: String = "/",
                         user: String? = nil, job: String? = nil, headers: HTTPHeaders = [:]) -> ProxyRequest {
        ProxyRequest(method: method, scheme: method == "CONNECT" ? "https" : "http", host: host, port: port, path: path,
                     headers: headers, user: user, job: job)
    }

    @Test func hostPatterns() {
        #expect(HostPattern.matches("api.example.com", host: "api.example.com"))
        #expect(!HostPattern.matches("api.example.com", host: "x.api.example.com"))
        #expect(HostPattern.matches("*.example.com", host: "a.b.example.com"))
        #expect(HostPattern.matches("*.example.com", host: "example.com"))
        #expect(!HostPattern.matches("*.example.com", host: "badexample.com"))
        #expect(HostPattern.matches("*", host: "anything"))
        #expect(HostPattern.matches("API.Example.com", host: "api.example.com"))
    }

    @Test func globs() {
        #expect(Glob.matches("/upload/*", "/upload/a/b"))
        #expect(!Glob.matches("/upload/*", "/download/a"))
        #expect(Glob.matches("/v?/items", "/v1/items"))
        #expect(Glob.matches("*", ""))
        #expect(!Glob.matches("/a", "/ab"))
    }

    @Test func firstDecisiveRuleWins() {
        let engine = PolicyEngine(policies: [
            RulePolicy(rule: Rule(name: "block-uploads", match: RuleMatch(hosts: ["storage.example.com"], methods: ["PUT", "POST"]), action: .deny)),
            RulePolicy(rule: Rule(name: "storage", match: RuleMatch(hosts: ["storage.example.com"]), action: .allow)),
        ], defaultAction: .deny)
        #expect(engine.evaluate(request("PUT", host: "storage.example.com")) == .decide(PolicyDecision(.deny(status: 403), rule: "block-uploads", reason: "denied by rule")))
        #expect(engine.evaluate(request("GET", host: "storage.example.com")) == .decide(PolicyDecision(.allow, rule: "storage", reason: "allowed by rule")))
        #expect(engine.evaluate(request("GET", host: "other.example.com")) == .decide(PolicyDecision(.deny(status: 403), rule: "default", reason: "no rule allows this request")))
        let open = PolicyEngine(policies: [], defaultAction: .allow)
        #expect(open.evaluate(request()) == .decide(PolicyDecision(.allow, rule: "default", reason: "no rule matched")))
    }

    @Test func matchConditions() {
        let match = RuleMatch(ports: [8080], schemes: ["http"], paths: ["/admin/*"], users: ["bob"], jobs: ["nightly"], headers: ["X-Env": "prod"])
        let good = request(port: 8080, path: "/admin/x?y=1", user: "bob", job: "nightly", headers: ["x-env": "prod"])
        #expect(match.matchesHead(good))
        var other = good; other.port = 80
        #expect(!match.matchesHead(other))
        other = good; other.user = "eve"
        #expect(!match.matchesHead(other))
        other = good; other.job = nil
        #expect(!match.matchesHead(other))
        other = good; other.headers = ["x-env": "dev"]
        #expect(!match.matchesHead(other))
        other = good; other.path = "/public"
        #expect(!match.matchesHead(other))
        #expect(!RuleMatch(schemes: ["http"]).matchesHead(request("CONNECT", port: 443)))
        #expect(RuleMatch(urls: ["http://api.example.com/v1/*"]).matchesHead(request(path: "/v1/items")))
    }

    @Test func bodyRulesAskForTheBody() {
        let policy = RulePolicy(rule: Rule(name: "m", match: RuleMatch(methods: ["POST"], bodyContains: "ping"), action: .mock, mock: MockResponse(body: "pong")))
        #expect(policy.evaluate(request("POST"), body: nil) == .needsBody)
        #expect(policy.evaluate(request("POST"), body: ByteBuffer(string: "a ping")) != .pass)
        #expect(policy.evaluate(request("POST"), body: ByteBuffer(string: "nothing")) == .pass)
        #expect(policy.evaluate(request("GET"), body: nil) == .pass)
    }

    @Test func blocklistFormats() {
        let hosts = DomainBlocklist(name: "b", text: "# comment\n0.0.0.0 ads.example.net tracker.example.org\n127.0.0.1 localhost\n", format: .hosts)
        #expect(hosts.domains == ["ads.example.net", "tracker.example.org"])
        #expect(hosts.blocks("ads.example.net"))
        #expect(hosts.blocks("x.ads.example.net"))
        #expect(!hosts.blocks("example.net"))
        let domains = DomainBlocklist(name: "b", text: "malware.test\n*.phish.test # note\n.evil.test\n\n", format: .domains)
        #expect(domains.domains == ["malware.test", "phish.test", "evil.test"])
        #expect(domains.evaluate(request(host: "a.phish.test"), body: nil) == .decide(PolicyDecision(.deny(status: 403), rule: "b", reason: "domain on a blocklist")))
        #expect(domains.evaluate(request(host: "fine.test"), body: nil) == .pass)
    }

    @Test func ssrfGuardRefusesInternalAddresses() throws {
        let guardOn = SSRFGuard(configuration: SSRFGuardConfiguration())
        func check(_ ip: String) throws -> String? { guardOn.check(try SocketAddress(ipAddress: ip, port: 80))?.rule }
        #expect(try check("169.254.169.254") == "ssrf.metadata")
        #expect(try check("100.100.100.200") == "ssrf.metadata")
        #expect(try check("fd00:ec2::254") == "ssrf.metadata")
        #expect(try check("127.0.0.1") == "ssrf.private")
        #expect(try check("10.2.3.4") == "ssrf.private")
        #expect(try check("172.31.0.1") == "ssrf.private")
        #expect(try check("192.168.1.1") == "ssrf.private")
        #expect(try check("::1") == "ssrf.private")
        #expect(try check("fe80::1") == "ssrf.private")
        #expect(try check("::ffff:10.0.0.1") == "ssrf.private")
        #expect(try check("93.184.216.34") == nil)
        #expect(try check("172.32.0.1") == nil)
        let allowing = SSRFGuard(configuration: SSRFGuardConfiguration(allow: ["127.0.0.0/8"]))
        #expect(allowing.check(try SocketAddress(ipAddress: "127.0.0.1", port: 1)) == nil)
        #expect(allowing.check(try SocketAddress(ipAddress: "169.254.169.254", port: 80))?.rule == "ssrf.metadata")
        let off = SSRFGuard(configuration: SSRFGuardConfiguration(enabled: false))
        #expect(off.check(try SocketAddress(ipAddress: "169.254.169.254", port: 80)) == nil)
    }

    @Test func addressRanges() {
        #expect(AddressRange("10.0.0.0/8")?.contains([10, 9, 9, 9]) == true)
        #expect(AddressRange("10.0.0.0/8")?.contains([11, 0, 0, 0]) == false)
        #expect(AddressRange("1.2.3.4")?.contains([1, 2, 3, 4]) == true)
        #expect(AddressRange("10.0.0.0/33") == nil)
        #expect(AddressRange("host/8") == nil)
    }

    @Test func requestContentPolicy() {
        let policy = RequestContentPolicy(configuration: ContentFilterConfiguration(blockedRequestTypes: ["application/x-msdownload"], maxUploadBytes: 10))
        #expect(policy.evaluate(request("POST", headers: ["content-type": "application/x-msdownload"]), body: nil)
            == .decide(PolicyDecision(.deny(status: 415), rule: "content.blockedRequestTypes", reason: "request content type refused")))
        #expect(policy.evaluate(request("POST", headers: ["content-length": "11"]), body: nil)
            == .decide(PolicyDecision(.deny(status: 413), rule: "content.maxUploadBytes", reason: "request body larger than allowed")))
        #expect(policy.evaluate(request("POST", headers: ["content-length": "10", "content-type": "text/plain"]), body: nil) == .pass)
    }

    @Test func mockTemplates() {
        let r = request(path: "/v1/items?id=7", user: "alice", headers: ["X-Trace": "t1"])
        #expect(MockTemplate.render("{{request.method}} {{ request.path }} {{request.query}} {{request.host}} {{request.user}} {{request.header.x-trace}} {{unknown}}|{{open", request: r)
            == "GET /v1/items id=7 api.example.com alice t1 |{{open")
    }

    @Test func auditRedactsURLSecrets() {
        #expect(AuditEvent.redact("http://user:pw@h.example/p?token=abc&x=1&api_key=z") == "http://REDACTED@h.example/p?token=REDACTED&x=1&api_key=REDACTED")
        #expect(AuditEvent.redact("http://h/p") == "http://h/p")
    }

    @Test func requestTargets() {
        let absolute = ProxyConnectionHandler.parseTarget(HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://Example.com:8080/a?b=1"))
        #expect(absolute?.host == "example.com")
        #expect(absolute?.port == 8080)
        #expect(absolute?.path == "/a?b=1")
        #expect(ProxyConnectionHandler.parseTarget(HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://h.example"))?.path == "/")
        let connect = ProxyConnectionHandler.parseTarget(HTTPRequestHead(version: .http1_1, method: .CONNECT, uri: "[::1]:443"))
        #expect(connect?.host == "::1")
        #expect(connect?.port == 443)
        #expect(ProxyConnectionHandler.parseTarget(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/origin-form")) == nil)
        #expect(ProxyConnectionHandler.parseTarget(HTTPRequestHead(version: .http1_1, method: .CONNECT, uri: "host-without-port")) == nil)
        #expect(ProxyConnectionHandler.parseTarget(HTTPRequestHead(version: .http1_1, method: .GET, uri: "http://h:99999/")) == nil)
    }
}
