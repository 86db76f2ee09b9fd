import Foundation
import Testing
@testable import SluiceDNS

/// Real DNS clients against the server: BIND's `dig` and Python's dnspython, with dnsmasq upstream.
@Suite("DNS clients: dig and dnspython", .enabled(if: DNSTestServices.dnsmasqAvailable && DNSTestServices.toolsAvailable))
struct DNSClientInteropTests {
    /// Runs `executable` with `arguments`, returning standard output; fails on a non-zero exit.
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.terminationHandler = { process in
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                if process.terminationStatus == 0 {
                    continuation.resume(returning: text)
                } else {
                    continuation.resume(throwing: DNSTestFailure("\(executable) exited \(process.terminationStatus): \(error)\(text)"))
                }
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }

    static func dig(_ server: RunningDNSServer, _ arguments: String...) async throws -> String {
        try await run("dig", ["@127.0.0.1", "-p", "\(server.port)", "+time=10", "+tries=1"] + arguments)
    }

    static func withServer(_ body: (RunningDNSServer) async throws -> Void) async throws {
        let upstream = try DNSTestServices.dnsmasq()
        let server = try await RunningDNSServer.start { configuration in
            configuration.upstreams = [upstream]
            configuration.filter.block = ["blocked.sluice.test"]
            configuration.mock.rules = [DNSMockRule(name: "api.example.com", addresses: ["127.0.0.1"])]
        }
        do { try await body(server) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("dig gets every listed type over UDP and TCP")
    func dig() async throws {
        try await Self.withServer { server in
            let expected: [(String, String, String)] = [
                ("www.sluice.test", "A", "192.0.2.10"),
                ("www.sluice.test", "AAAA", "2001:db8::10"),
                ("sluice.test", "MX", "10 mail.sluice.test."),
                ("txt.sluice.test", "TXT", "\"hello world\""),
                ("_http._tcp.sluice.test", "SRV", "0 5 80 www.sluice.test."),
                ("10.2.0.192.in-addr.arpa", "PTR", "www.sluice.test."),
                ("alias.sluice.test", "CNAME", "www.sluice.test."),
                ("api.example.com", "A", "127.0.0.1"),
            ]
            for (name, type, answer) in expected {
                for transport in ["+notcp", "+tcp"] {
                    let output = try await Self.dig(server, "+short", transport, name, type)
                    #expect(output.split(separator: "\n").map(String.init).contains(answer), "\(name) \(type) \(transport): \(output)")
                }
            }
        }
    }

    @Test("dig sees NXDOMAIN for a blocked name and retries a truncated answer over TCP")
    func digStatusAndTruncation() async throws {
        try await Self.withServer { server in
            let blocked = try await Self.dig(server, "blocked.sluice.test", "A")
            #expect(blocked.contains("status: NXDOMAIN"))
            let big = try await Self.dig(server, "+noedns", "+ignore", "big.sluice.test", "TXT")
            #expect(big.contains(" tc "), "UDP without EDNS is truncated: \(big)")
            let retried = try await Self.dig(server, "+noedns", "big.sluice.test", "TXT")
            #expect(retried.contains("Truncated, retrying in TCP mode") && retried.contains("ANSWER: 1"))
        }
    }

    @Test("dnspython resolves over UDP and TCP")
    func dnspython() async throws {
        try await Self.withServer { server in
            let script = """
                import sys, dns.message, dns.query, dns.rdatatype
                port = int(sys.argv[1])
                for name, kind in [("www.sluice.test", "A"), ("www.sluice.test", "AAAA"), ("sluice.test", "MX"), ("txt.sluice.test", "TXT"), ("api.example.com", "A")]:
                    query = dns.message.make_query(name, kind, use_edns=0)
                    for transport, ask in [("udp", dns.query.udp), ("tcp", dns.query.tcp)]:
                        response = ask(query, "127.0.0.1", port=port, timeout=10)
                        values = sorted(r.to_text() for rrset in response.answer for r in rrset)
                        print(transport, name, kind, dns.rcode.to_text(response.rcode()), "|".join(values))
                """
            let output = try await Self.run("python3", ["-c", script, "\(server.port)"])
            let lines = Set(output.split(separator: "\n").map(String.init))
            for transport in ["udp", "tcp"] {
                #expect(lines.contains("\(transport) www.sluice.test A NOERROR 192.0.2.10"), "\(output)")
                #expect(lines.contains("\(transport) www.sluice.test AAAA NOERROR 2001:db8::10"), "\(output)")
                #expect(lines.contains("\(transport) sluice.test MX NOERROR 10 mail.sluice.test."), "\(output)")
                #expect(lines.contains("\(transport) txt.sluice.test TXT NOERROR \"hello world\""), "\(output)")
                #expect(lines.contains("\(transport) api.example.com A NOERROR 127.0.0.1"), "\(output)")
            }
        }
    }
}
