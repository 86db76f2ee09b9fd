import Foundation
import Testing
@testable import SluiceDNS

@Suite("DNS configuration")
struct DNSConfigurationTests {
    @Test("a full configuration reads every section")
    func full() throws {
        let configuration = try DNSConfiguration.parse(yaml: """
            listen: "127.0.0.1:5300"
            tcp: false
            upstreams: ["127.0.0.1:5301", "[::1]:5302", "192.0.2.53"]
            timeout: 500ms
            retries: 2
            cache:
              max-entries: 100
              min-ttl: 10s
              max-ttl: 1h
              negative-max-ttl: 5m
              prefetch: true
              serve-stale: { enabled: true, max-age: 1h, answer-ttl: 10 }
            filter:
              block: [ads.example.com, "*.tracker.test"]
              allow: [ok.tracker.test]
              block-files: [/etc/sluice/blocklist.txt]
              response: null-address
              watch-interval: 10s
            mock:
              ttl: 5
              rules:
                - { name: api.example.com, addresses: [127.0.0.1] }
                - { name: "*.svc.test", cname: api.example.com, ttl: 1 }
            query-log: { path: /tmp/queries.jsonl }
            """, path: "dns.yaml")
        #expect(configuration.listen == DNSEndpoint(host: "127.0.0.1", port: 5300))
        #expect(!configuration.tcp && configuration.udp)
        #expect(configuration.upstreams == [DNSEndpoint(host: "127.0.0.1", port: 5301), DNSEndpoint(host: "::1", port: 5302), DNSEndpoint(host: "192.0.2.53", port: 53)])
        #expect(configuration.timeout.milliseconds == 500)
        #expect(configuration.retries == 2)
        #expect(configuration.cache.maxEntries == 100 && configuration.cache.minTTL == 10 && configuration.cache.maxTTL == 3600)
        #expect(configuration.cache.negativeMaxTTL == 300 && configuration.cache.prefetch)
        #expect(configuration.cache.serveStale == { var s = DNSServeStaleSettings(); s.enabled = true; s.maxAge = 3600; s.answerTTL = 10; return s }())
        #expect(configuration.filter.response == .nullAddress)
        #expect(configuration.filter.watchInterval?.milliseconds == 10_000)
        #expect(configuration.mock.rules.count == 2 && configuration.mock.ttl == 5)
        #expect(configuration.queryLog == DNSQueryLogSettings(enabled: true, path: "/tmp/queries.jsonl"))
    }

    @Test("an empty file gives the defaults")
    func defaults() throws {
        let configuration = try DNSConfiguration.parse(yaml: "", path: "dns.yaml")
        #expect(configuration == DNSConfiguration())
        #expect(!configuration.queryLog.enabled)
    }

    @Test("errors name the file and the key", arguments: [
        ("upstreams: [\"not-an-ip\"]", "dns.yaml: upstreams[0]:"),
        ("filter:\n  block: [ok.test, \"bad..name\"]", "dns.yaml: filter.block[1]:"),
        ("cache:\n  max-entries: 0", "dns.yaml: cache.max-entries:"),
        ("cache:\n  min-ttl: 10m\n  max-ttl: 1m", "dns.yaml: cache.min-ttl:"),
        ("timeout: soon", "dns.yaml: timeout:"),
        ("retries: 99", "dns.yaml: retries:"),
        ("tcp: maybe", "dns.yaml: tcp:"),
        ("filter:\n  response: silence", "dns.yaml: filter.response:"),
        ("mock:\n  rules:\n    - { name: a.test }", "dns.yaml: mock.rules[0].name:"),
        ("mock:\n  rules:\n    - { name: a.test, addresses: [300.1.1.1] }", "dns.yaml: mock.rules[0].addresses[0]:"),
        ("mock:\n  rules:\n    - { addresses: [1.1.1.1] }", "dns.yaml: mock.rules[0].name:"),
        ("listen: [", "dns.yaml: not valid YAML: line "),
    ])
    func errors(yaml: String, prefix: String) {
        #expect {
            try DNSConfiguration.parse(yaml: yaml, path: "dns.yaml")
        } throws: { error in
            let text = "\(error)"
            if !text.hasPrefix(prefix) { print("unexpected message: \(text)") }
            return text.hasPrefix(prefix)
        }
    }

    @Test("a missing file is named")
    func missingFile() {
        #expect {
            try DNSConfiguration.load(path: "/nonexistent/dns.yaml")
        } throws: { error in
            "\(error)".hasPrefix("/nonexistent/dns.yaml: cannot read")
        }
    }

    @Test("durations and endpoints parse as documented")
    func scalars() {
        #expect(DNSDuration(text: "250ms")?.milliseconds == 250)
        #expect(DNSDuration(text: "2m")?.milliseconds == 120_000)
        #expect(DNSDuration(text: "7")?.milliseconds == 7000)
        #expect(DNSDuration(text: "-1s") == nil)
        #expect(DNSEndpoint(text: "[::1]:53")?.host == "::1")
        #expect(DNSEndpoint(text: "::1")?.port == 53)
        #expect(DNSEndpoint(text: "127.0.0.1:99999") == nil)
        #expect(DNSEndpoint(text: "localhost:53") == nil)
    }
}
