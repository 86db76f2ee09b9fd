import Testing
@testable import SluiceDNS

@Suite("DNS mock rules")
struct DNSMockTableTests {
    @Test("the exact rule beats the wildcard; addresses and aliases with their TTLs")
    func matching() throws {
        let settings = DNSMockSettings(ttl: 42, rules: [
            DNSMockRule(name: "*.svc.test", addresses: ["10.0.0.1", "fd00::1"]),
            DNSMockRule(name: "db.svc.test", cname: "primary.db.test", ttl: 5),
        ])
        let table = DNSMockTable(settings: settings)
        #expect(table.answer(for: try DNSName("api.svc.test")) == .addresses([[10, 0, 0, 1], [0xfd, 0] + [UInt8](repeating: 0, count: 13) + [1]], ttl: 42))
        #expect(table.answer(for: try DNSName("DB.svc.test")) == .alias(try DNSName("primary.db.test"), ttl: 5))
        #expect(table.answer(for: try DNSName("svc.test")) == nil)
    }

    @Test("a job's rules overlay the global ones")
    func overlay() throws {
        let global = DNSMockTable(settings: DNSMockSettings(rules: [DNSMockRule(name: "api.example.com", addresses: ["127.0.0.1"])]))
        let job = global.overlaid(with: [DNSMockRule(name: "api.example.com", addresses: ["127.0.0.2"], ttl: 1)])
        #expect(job.answer(for: try DNSName("api.example.com")) == .addresses([[127, 0, 0, 2]], ttl: 1))
        #expect(global.answer(for: try DNSName("api.example.com")) == .addresses([[127, 0, 0, 1]], ttl: 60))
    }
}
