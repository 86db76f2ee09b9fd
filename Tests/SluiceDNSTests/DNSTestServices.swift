import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import SluiceDNS

/// The services the DNS tests use: dnsmasq as a real upstream (`SLUICE_TEST_DNSMASQ_PORT`) and
/// the clients dig and dnspython (`SLUICE_TEST_DNS_TOOLS`), all started or installed by
/// scripts/services/dnsmasq.sh. In CI their absence fails the tests; elsewhere they are skipped
/// with a printed reason.
enum DNSTestServices {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var inCI: Bool { environment["CI"] != nil }

    static var dnsmasqAvailable: Bool {
        if environment["SLUICE_TEST_DNSMASQ_PORT"] != nil || inCI { return true }
        print("skipping dnsmasq tests: SLUICE_TEST_DNSMASQ_PORT is not set (scripts/test.sh starts dnsmasq and sets it)")
        return false
    }

    static var toolsAvailable: Bool {
        if environment["SLUICE_TEST_DNS_TOOLS"] != nil || inCI { return true }
        print("skipping dig/dnspython tests: SLUICE_TEST_DNS_TOOLS is not set (scripts/services/dnsmasq.sh installs them)")
        return false
    }

    /// dnsmasq's address; throws when it is not running.
    static func dnsmasq() throws -> DNSEndpoint {
        guard let text = environment["SLUICE_TEST_DNSMASQ_PORT"], let port = Int(text) else {
            throw DNSTestFailure("SLUICE_TEST_DNSMASQ_PORT is not set; run the tests through scripts/test.sh")
        }
        return DNSEndpoint(host: "127.0.0.1", port: port)
    }

    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
}

struct DNSTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A running Sluice DNS server on 127.0.0.1 and a free port, stopped by `stop()`.
struct RunningDNSServer {
    let server: DNSServer
    let endpoint: DNSEndpoint
    var resolver: DNSResolver { server.resolver }
    var port: Int { endpoint.port }

    static func start(_ configure: (inout DNSConfiguration) throws -> Void = { _ in }) async throws -> RunningDNSServer {
        var configuration = DNSConfiguration()
        configuration.listen = DNSEndpoint(host: "127.0.0.1", port: 0)
        configuration.timeout = .seconds(5)
        try configure(&configuration)
        let resolver = try await DNSResolver.make(configuration: configuration, group: DNSTestServices.group)
        let server = DNSServer(resolver: resolver, group: DNSTestServices.group)
        let endpoint = try await server.start()
        return RunningDNSServer(server: server, endpoint: endpoint)
    }

    func stop() async { await server.stop() }

    /// Asks `name`/`type` over UDP (with EDNS unless `edns` is false) and returns the response.
    func ask(_ name: String, _ type: DNSRecordType, edns: Bool = true, tcp: Bool = false) async throws -> DNSMessage {
        let id = UInt16.random(in: 0...UInt16.max)
        let query = DNSMessage.query(id: id, question: DNSQuestion(name: try DNSName(name), type: type), edns: edns ? DNSEDNS(udpPayloadSize: 1232) : nil)
        let bytes = tcp ? try await DNSTestClient.tcp(query.wire(), port: port) : try await DNSTestClient.udp(query.wire(), port: port)
        let response = try DNSMessage(wire: bytes)
        #expect(response.header.id == id)
        return response
    }
}
