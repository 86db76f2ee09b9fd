import Foundation
import SluiceHTTPProxy
import Testing

/// The proxy driven by real clients (curl, python requests) against the local upstream; loopback only.
@Suite(.enabled(if: ProxyTools.available), .serialized)
struct CurlProxyTests {
    /// `-w` output: status code on the last line.
    private func get(_ proxy: ProxyHarness, _ url: String, _ extra: [String] = []) async throws -> (status: String, body: String) {
        let result = try await curl(["-x", proxy.url, "-w", "\n%{http_code}", url] + extra)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
    }

    @Test func forwardsAbsoluteFormRequestsAndAudits() async throws {
        try await withProxy { proxy, upstream in
            let response = try await get(proxy, "http://127.0.0.1:\(upstream.port)/hello?token=s3cr3t")
            #expect(response.status == "200")
            #expect(response.body == "hello from upstream")
            let events = try proxy.auditEvents()
            #expect(events.last?.action == "allow")
            #expect(events.last?.rule == "default")
            #expect(events.last?.status == 200)
            #expect(!proxy.auditLines().joined().contains("s3cr3t"))
        }
    }

    @Test func stripsHopByHopHeaders() async throws {
        try await withProxy { proxy, upstream in
            let response = try await get(proxy, "http://127.0.0.1:\(upstream.port)/headers",
                                         ["-H", "X-Sluice-Job: nightly", "-H", "Proxy-Connection: keep-alive", "-H", "X-Kept: 1",
                                          "-H", "Host: wrong.example"])
            #expect(response.body.contains("x-kept: 1"))
            #expect(response.body.contains("host: 127.0.0.1:\(upstream.port)"))
            #expect(!response.body.contains("wrong.example"))
            #expect(!response.body.contains("x-sluice-job"))
            #expect(!response.body.contains("proxy-connection"))
        }
    }

    @Test func streamsLargeResponses() async throws {
        try await withProxy { proxy, upstream in
            let response = try await get(proxy, "http://127.0.0.1:\(upstream.port)/big?n=3000000")
            #expect(response.status == "200")
            #expect(response.body.utf8.count == 3_000_000)
        }
    }

    @Test func keepsConnectionsAlive() async throws {
        try await withProxy { proxy, upstream in
            let url = "http://127.0.0.1:\(upstream.port)/hello"
            let result = try await curl(["-v", "-x", proxy.url, url, url])
            #expect(result.output == "hello from upstreamhello from upstream")
            #expect(result.error.contains("Re-using existing connection") || result.error.contains("Reusing existing"))
        }
    }

    @Test func tunnelsConnect() async throws {
        try await withProxy { proxy, upstream in
            let result = try await curl(["-p", "-x", proxy.url, "-w", "\n%{http_code}", "http://127.0.0.1:\(upstream.port)/hello"])
            #expect(result.output == "hello from upstream\n200")
            let events = try proxy.auditEvents()
            #expect(events.last?.method == "CONNECT")
            #expect(events.last?.action == "allow")
        }
    }

    @Test func rulesDenyByHostMethodAndPath() async throws {
        try await withProxy("""
            defaultAction: deny
            rules:
              - { name: no-uploads, match: { hosts: ["127.0.0.1"], methods: [POST, PUT], paths: ["/echo"] }, action: deny }
              - { name: local-reads, match: { hosts: ["127.0.0.*", "127.0.0.1"] }, action: allow }
            """) { proxy, upstream in
            check(try await get(proxy, "http://127.0.0.1:\(upstream.port)/hello").status == "200")
            check(try await get(proxy, "http://127.0.0.1:\(upstream.port)/echo", ["-d", "x"]).status == "403")
            check(try await get(proxy, "http://localhost:\(upstream.port)/hello").status == "403")
            let rules = try proxy.auditEvents().map(\.rule)
            #expect(rules == ["local-reads", "no-uploads", "default"])
            #expect(upstream.bodies.isEmpty)
        }
    }

    @Test func blocklistsDeny() async throws {
        try await withProxy("blocklists: [{ path: hosts.txt, format: hosts }]", files: ["hosts.txt": "0.0.0.0 localhost.blocked.test\n127.0.0.1 bad.localhost\n"]) { proxy, upstream in
            let response = try await get(proxy, "http://bad.localhost:\(upstream.port)/hello")
            #expect(response.status == "403")
            check(try proxy.auditEvents().last?.rule == "blocklist:hosts.txt")
        }
    }

    @Test func ssrfGuardRefusesLoopbackUnlessAllowed() async throws {
        try await withProxy("ssrf: { enabled: true }") { proxy, upstream in
            check(try await get(proxy, "http://127.0.0.1:\(upstream.port)/hello").status == "403")
            // The name resolves to loopback: the address connected to is what counts.
            check(try await get(proxy, "http://localhost:\(upstream.port)/hello").status == "403")
            check(try await get(proxy, "http://169.254.169.254/latest/meta-data/").status == "403")
            check(try await curl(["-p", "-x", proxy.url, "-w", "%{http_connect}", "http://127.0.0.1:\(upstream.port)/hello"]).output.hasPrefix("403"))
            let rules = try proxy.auditEvents().map(\.rule)
            #expect(rules == ["ssrf.private", "ssrf.private", "ssrf.metadata", "ssrf.private"])
        }
    }

    @Test func basicAuthentication() async throws {
        let hash = PasswordHash(password: "wonderland", iterations: 1_000).encoded
        try await withProxy("""
            authentication: { realm: test, users: [{ name: alice, passwordHash: "\(hash)" }, { name: bob, passwordHash: "\(hash)" }] }
            rules: [{ name: bob-denied, match: { users: [bob] }, action: deny }]
            """) { proxy, upstream in
            let url = "http://127.0.0.1:\(upstream.port)/hello"
            let challenge = try await curl(["-x", proxy.url, "-D", "-", "-o", "/dev/null", url])
            #expect(challenge.output.hasPrefix("HTTP/1.1 407"))
            #expect(challenge.output.contains("Proxy-Authenticate: Basic realm=\"test\""))
            check(try await get(proxy, url, ["-U", "alice:wrong"]).status == "407")
            check(try await get(proxy, url, ["-U", "alice:wonderland"]).status == "200")
            check(try await get(proxy, url, ["-U", "bob:wonderland"]).status == "403")
            let events = try proxy.auditEvents()
            #expect(events.map(\.user) == [nil, nil, "alice", "bob"])
            #expect(!proxy.auditLines().joined().contains("wonderland"))
        }
    }

    @Test func mockResponses() async throws {
        try await withProxy("""
            defaultAction: deny
            rules:
              - name: mock-items
                match: { methods: [GET], urls: ["http://api.test/items/*"], headers: { X-Env: test } }
                action: mock
                mock: { status: 201, headers: { Content-Type: application/json }, body: '{"path":"{{request.path}}"}', latencyMilliseconds: 20 }
              - { name: mock-file, match: { hosts: [files.test] }, action: mock, mock: { bodyFile: canned.txt } }
              - { name: mock-body, match: { methods: [POST], hosts: [api.test], bodyContains: ping }, action: mock, mock: { body: pong } }
              - { name: drop, match: { hosts: [drop.test] }, action: mock, mock: { fault: drop } }
              - { name: fail, match: { hosts: [fail.test] }, action: mock, mock: { fault: error } }
            """, files: ["canned.txt": "from file {{request.method}}"]) { proxy, _ in
            let items = try await get(proxy, "http://api.test/items/7?x=1", ["-H", "X-Env: test"])
            #expect(items.status == "201")
            #expect(items.body == #"{"path":"/items/7"}"#)
            check(try await get(proxy, "http://api.test/items/7").status == "403")  // header differs: no rule, default deny
            check(try await get(proxy, "http://files.test/").body == "from file GET")
            check(try await get(proxy, "http://api.test/x", ["-d", "a ping"]).body == "pong")
            let dropped = try await curl(["-x", proxy.url, "http://drop.test/"])
            #expect(dropped.status == 52)  // empty reply from server
            check(try await get(proxy, "http://fail.test/").status == "502")
        }
    }

    @Test func dlpBlocksCardNumbersWithoutLoggingThem() async throws {
        try await withProxy("dlp: { action: block }") { proxy, upstream in
            let response = try await get(proxy, "http://127.0.0.1:\(upstream.port)/echo", ["--data-binary", "card=4111111111111111&name=x"])
            #expect(response.status == "403")
            #expect(upstream.bodies.allSatisfy { !$0.contains("4111111111111111") })
            let events = try proxy.auditEvents()
            #expect(events.last?.rule == "dlp.card")
            #expect(events.last?.findings == ["card": 1])
            #expect(!proxy.auditLines().joined().contains("4111111111111111"))
        }
    }

    @Test func refusalsNameTheRuleButNeverWhatItMatched() async throws {
        try await withProxy("""
            dlp: { action: block, custom: [{ name: employee-id, pattern: "EMP-[0-9]{6}" }] }
            rules:
              - { name: no-admin, match: { paths: ["/admin*"] }, action: deny }
            """) { proxy, upstream in
            let base = "http://127.0.0.1:\(upstream.port)"
            let admin = try await get(proxy, base + "/admin/users")
            #expect(admin.status == "403")
            #expect(admin.body == "denied by rule (rule: no-admin)\n")
            let card = try await get(proxy, base + "/echo", ["--data-binary", "card=4111111111111111"])
            #expect(card.status == "403")
            #expect(card.body == "request body refused (card) (rule: dlp.card)\n")
            let employee = try await get(proxy, base + "/echo", ["--data-binary", "who=EMP-123456"])
            #expect(employee.status == "403")
            #expect(employee.body.contains("rule: dlp.employee-id"))
            #expect(!employee.body.contains("123456"))
            #expect(!employee.body.contains("EMP-[0-9]"))
        }
    }

    @Test func dlpRedactsCardNumbers() async throws {
        try await withProxy("dlp: { action: redact, detectors: [card, privateKey] }") { proxy, upstream in
            let body = "note: card 4111-1111-1111-1111 end " + String(repeating: "x", count: 200_000)
            let file = proxy.directory + "/body.txt"
            try body.write(toFile: file, atomically: true, encoding: .utf8)
            let response = try await get(proxy, "http://127.0.0.1:\(upstream.port)/echo", ["--data-binary", "@" + file])
            #expect(response.status == "200")
            #expect(response.body.hasPrefix("note: card ******************* end xxx"))
            #expect(response.body.utf8.count == body.utf8.count)
            #expect(upstream.bodies.last?.contains("4111") == false)
            check(try proxy.auditEvents().last?.findings == ["card": 1])
            #expect(!proxy.auditLines().joined().contains("4111"))
        }
    }

    @Test func contentFiltering() async throws {
        try await withProxy("""
            content:
              blockedRequestTypes: [application/x-msdownload]
              blockedResponseTypes: [application/zip]
              keywords: [CONFIDENTIAL]
              maxUploadBytes: 1000
              maxDownloadBytes: 100000
              blockExecutables: true
            """) { proxy, upstream in
            let base = "http://127.0.0.1:\(upstream.port)"
            check(try await get(proxy, base + "/echo", ["-H", "Content-Type: application/x-msdownload", "-d", "x"]).status == "415")
            check(try await get(proxy, base + "/echo", ["--data-binary", String(repeating: "a", count: 2000)]).status == "413")
            check(try await get(proxy, base + "/echo", ["-d", "this is CONFIDENTIAL"]).status == "403")
            check(try await get(proxy, base + "/zip").status == "403")
            check(try await get(proxy, base + "/eicar").status == "403")
            check(try await get(proxy, base + "/elf").status == "403")
            check(try await get(proxy, base + "/hello").body == "hello from upstream")
            let big = try await curl(["-x", proxy.url, base + "/big?n=500000"])
            #expect(big.output.utf8.count < 500_000)  // cut off at the download limit
            let rules = try proxy.auditEvents().map(\.rule)
            #expect(rules.prefix(6) == ["content.blockedRequestTypes", "content.maxUploadBytes", "content.keywords",
                                       "content.blockedResponseTypes", "content.blockExecutables", "content.blockExecutables"])
            #expect(rules.last == "content.maxDownloadBytes")
        }
    }

    @Test func pythonRequestsThroughTheProxy() async throws {
        try await withProxy("dlp: { action: redact, detectors: [email] }") { proxy, upstream in
            let script = """
                import requests, sys
                proxies = {"http": sys.argv[1]}
                base = sys.argv[2]
                r = requests.get(base + "/hello", proxies=proxies, timeout=60)
                print(r.status_code, r.text)
                with requests.Session() as s:
                    for i in range(3):
                        r = s.post(base + "/echo", data="mail me at jane@example.com", proxies=proxies, timeout=60)
                        print(r.status_code, r.text)
                """
            let result = try await runCommand("/usr/bin/env", ["python3", "-c", script, proxy.url, "http://127.0.0.1:\(upstream.port)"])
            #expect(result.status == 0, "\(result.error)")
            let expected = "200 hello from upstream\n" + String(repeating: "200 mail me at ****************\n", count: 3)
            #expect(result.output == expected)
        }
    }
}
