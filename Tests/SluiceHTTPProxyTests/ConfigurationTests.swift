import Foundation
import Testing
@testable import SluiceHTTPProxy

@Suite struct ConfigurationTests {
    @Test func readsEverySection() throws {
        let hash = PasswordHash(password: "pw", iterations: 10).encoded
        let configuration = try ProxyConfiguration.parse(yaml: """
            listen: { host: 0.0.0.0, port: 8080 }
            defaultAction: deny
            limits: { maxHeaderBytes: 8192, maxHeaderCount: 50, headerTimeoutSeconds: 5 }
            authentication:
              realm: corp
              users: [{ name: alice, passwordHash: "\(hash)" }]
            ssrf: { allow: [10.1.0.0/16] }
            blocklists: [{ path: bad.txt, format: hosts }]
            rules:
              - name: storage-read-only
                match: { hosts: ["storage.example.com"], methods: [PUT, POST] }
                action: deny
              - name: api-mock
                match: { urls: ["http://api.example.com/v1/*"] }
                action: mock
                mock: { status: 201, body: "ok {{request.path}}", latencyMilliseconds: 5 }
            content: { blockedResponseTypes: [application/x-msdownload], maxUploadBytes: 1000, blockExecutables: true }
            dlp: { action: redact, detectors: [card, email], custom: [{ name: employee-id, pattern: "EMP-[0-9]{6}" }] }
            """)
        #expect(configuration.listen == .init(host: "0.0.0.0", port: 8080))
        #expect(configuration.defaultAction == .deny)
        #expect(configuration.limits.maxHeaderCount == 50)
        #expect(configuration.limits.idleTimeoutSeconds == 60)
        #expect(configuration.authentication?.realm == "corp")
        #expect(configuration.blocklists == [.init(path: "bad.txt", format: .hosts)])
        #expect(configuration.rules.map(\.name) == ["storage-read-only", "api-mock"])
        #expect(configuration.rules[1].mock?.status == 201)
        #expect(configuration.content.maxUploadBytes == 1000)
        #expect(configuration.dlp?.action == .redact)
        #expect(configuration.dlp?.custom.first?.name == "employee-id")
    }

    @Test func emptyFileGivesDefaults() throws {
        let configuration = try ProxyConfiguration.parse(yaml: "")
        #expect(configuration == ProxyConfiguration())
        #expect(configuration.ssrf.enabled)
    }

    @Test(arguments: [
        ("rules: [{ name: a, action: explode }]", "proxy.yaml: rules[0].action"),
        ("rules: [{ action: deny }]", "proxy.yaml: rules[0].name: is missing"),
        ("rules: [{ name: a, action: mock }]", "proxy.yaml: rules[0].mock"),
        ("listen: { port: 70000 }", "proxy.yaml: listen.port: must be 0...65535"),
        ("ssrf: { allow: [10.0.0.0/8, nonsense] }", "proxy.yaml: ssrf.allow[1]"),
        ("defaultAction: mock", "proxy.yaml: defaultAction: must be allow or deny"),
        ("limits: { maxHeaderCount: 0 }", "proxy.yaml: limits.maxHeaderCount: must be positive"),
        ("authentication: { users: [{ name: a, passwordHash: plain }] }", "proxy.yaml: authentication.users[0].passwordHash"),
        ("dlp: { custom: [{ name: x, pattern: \"(\" }] }", "proxy.yaml: dlp.custom[0].pattern: not a regular expression"),
        ("content: { patterns: [\"[\"] }", "proxy.yaml: content.patterns[0]"),
        ("rules: [{ name: a, action: mock, mock: { status: 42 } }]", "proxy.yaml: rules[0].mock.status: must be 100...599"),
        ("listen: [", "proxy.yaml: is not valid YAML"),
        ("tls: { inspect: [api.example.com] }", "proxy.yaml: tls.ca: inspecting hosts needs a ca"),
        ("tls: { leafCacheSize: 0 }", "proxy.yaml: tls.leafCacheSize: must be positive"),
    ])
    func errorsNameTheFileAndKey(yaml: String, expected: String) {
        #expect {
            _ = try ProxyConfiguration.parse(yaml: yaml, file: "proxy.yaml")
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    @Test func missingFilesAreNamed() throws {
        #expect(throws: ProxyConfigurationError.self) { try ProxyConfiguration.load(path: "/nonexistent/proxy.yaml") }
        let configuration = try ProxyConfiguration.parse(yaml: "blocklists: [{ path: missing.txt }]")
        #expect {
            _ = try ProxyRuntime(configuration: configuration, baseDirectory: "/nonexistent", file: "p.yaml")
        } throws: { error in
            "\(error)" == "p.yaml: blocklists[0].path: cannot read '/nonexistent/missing.txt'"
        }
        let mock = try ProxyConfiguration.parse(yaml: "rules: [{ name: m, action: mock, mock: { bodyFile: nope.json } }]")
        #expect {
            _ = try ProxyRuntime(configuration: mock, baseDirectory: "/nonexistent", file: "p.yaml")
        } throws: { error in
            "\(error)".hasPrefix("p.yaml: rules[0].mock.bodyFile")
        }
    }

    /// The TLS files: each unusable one is named by its key, and the key's text never appears.
    @Test func tlsFilesAreCheckedAtStart() throws {
        let directory = NSTemporaryDirectory() + "sluice-proxy-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let one = try InspectionAuthority.create(), other = try InspectionAuthority.create()
        try one.certificatePEM.write(toFile: directory + "/ca.pem", atomically: true, encoding: .utf8)
        try other.keyPEM.write(toFile: directory + "/other-key.pem", atomically: true, encoding: .utf8)
        try one.keyPEM.write(toFile: directory + "/ca-key.pem", atomically: true, encoding: .utf8)
        try "not a certificate".write(toFile: directory + "/junk.pem", atomically: true, encoding: .utf8)
        func failure(_ tls: String) throws -> String {
            let configuration = try ProxyConfiguration.parse(yaml: "tls: \(tls)")
            do {
                _ = try ProxyRuntime(configuration: configuration, baseDirectory: directory, file: "p.yaml")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(try failure("{ ca: { certificate: missing.pem, key: ca-key.pem } }") == "p.yaml: tls.ca.certificate: cannot read '\(directory)/missing.pem'")
        #expect(try failure("{ ca: { certificate: ca.pem, key: other-key.pem } }") == "p.yaml: tls.ca: the CA key does not belong to the CA certificate")
        #expect(try failure("{ ca: { certificate: junk.pem, key: ca-key.pem } }") == "p.yaml: tls.ca: not a PEM certificate and private key")
        #expect(try failure("{ ca: { certificate: ca.pem, key: \"${file:gone.pem}\" } }") == "p.yaml: tls.ca.key: cannot read '\(directory)/gone.pem'")
        #expect(try failure("{ ca: { certificate: ca.pem, key: \"${env:SLUICE_TEST_UNSET_CA_KEY}\" } }") == "p.yaml: tls.ca.key: environment variable SLUICE_TEST_UNSET_CA_KEY is not set")
        #expect(try failure("{ upstreamTrust: junk.pem }") == "p.yaml: tls.upstreamTrust: cannot read PEM certificates from '\(directory)/junk.pem'")
        #expect(try failure("{ ca: { certificate: ca.pem, key: \"${file:ca-key.pem}\" }, inspect: [x.test], upstreamTrust: ca.pem }") == "no error")
    }
}
