import Testing
@testable import SluiceDNS

/// Thousands of malformed packets never crash or hang the parser or the server.
@Suite("DNS fuzzing")
struct DNSFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let valid: [UInt8] = {
        var message = DNSMessage.query(id: 0x4242, question: DNSQuestion(name: try! DNSName("www.sluice.test"), type: .a))
        message.answers = [DNSResourceRecord(name: try! DNSName("www.sluice.test"), ttl: 5, data: .mx(preference: 1, exchange: try! DNSName("mx.sluice.test")))]
        return message.wire()
    }()

    /// `count` packets of five kinds: random bytes, truncated valid packets, bit flips of valid
    /// packets, compression loops and oversized labels.
    static func packets(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededGenerator(state: seed)
        return (0..<count).map { index in
            switch index % 5 {
            case 0:
                return (0..<Int.random(in: 0...600, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1:
                return Array(valid.prefix(Int.random(in: 0..<valid.count, using: &random)))
            case 2:
                var bytes = valid
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
                }
                return bytes
            case 3:
                // A name that points at itself or into a cycle somewhere in the packet.
                var bytes = Array(valid.prefix(12))
                let start = bytes.count
                let target = UInt8(start + Int.random(in: 0...4, using: &random))
                bytes += [1, 0x61, 0xC0, target, 0xC0, UInt8(start), 0, 1, 0, 1]
                return bytes
            default:
                var bytes = Array(valid.prefix(12))
                bytes += [UInt8.random(in: 64...255, using: &random)] + [UInt8](repeating: 0x62, count: Int.random(in: 0...300, using: &random))
                return bytes
            }
        }
    }

    @Test("the parser rejects or accepts 20000 generated packets without trapping, and valid output round-trips")
    func parser() {
        var accepted = 0
        for packet in Self.packets(count: 20_000, seed: 7) {
            guard let message = try? DNSMessage(wire: packet) else { continue }
            accepted += 1
            // Whatever parses must write and parse back to the same message.
            #expect((try? DNSMessage(wire: message.wire())) == message)
        }
        #expect(accepted < 20_000)
    }

    @Test("the server survives 5000 malformed packets over UDP and TCP and still answers")
    func server() async throws {
        let server = try await RunningDNSServer.start { $0.mock.rules = [DNSMockRule(name: "alive.test", addresses: ["127.0.0.1"])] }
        defer { Task { await server.stop() } }
        let packets = Self.packets(count: 5_000, seed: 42)
        try await DNSTestClient.udpBlast(packets, port: server.port)
        for packet in packets.prefix(200) {
            // Framed and unframed garbage on short TCP connections.
            try await DNSTestClient.tcpRaw([UInt8(packet.count >> 8), UInt8(packet.count & 0xFF)] + packet, port: server.port)
        }
        try await DNSTestClient.tcpRaw([0xFF, 0xFF, 1, 2, 3], port: server.port)
        let udp = try await server.ask("alive.test", .a)
        #expect(udp.answers.map(\.data) == [.a([127, 0, 0, 1])])
        let tcp = try await server.ask("alive.test", .a, tcp: true)
        #expect(tcp.answers.map(\.data) == [.a([127, 0, 0, 1])])
    }
}
