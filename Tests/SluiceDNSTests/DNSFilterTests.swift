import Foundation
import Testing
@testable import SluiceDNS

@Suite("DNS block and allow lists")
struct DNSFilterTests {
    static func name(_ text: String) -> DNSName { try! DNSName(text) }

    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-dns-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("exact names and wildcards; a wildcard does not match its apex")
    func matching() throws {
        var settings = DNSFilterSettings()
        settings.block = ["ads.example.com", "*.tracker.test"]
        let filter = try DNSFilter(settings: settings)
        #expect(filter.blocks(Self.name("ADS.example.com")))
        #expect(!filter.blocks(Self.name("www.ads.example.com")))
        #expect(filter.blocks(Self.name("a.tracker.test")))
        #expect(filter.blocks(Self.name("deep.a.tracker.test")))
        #expect(!filter.blocks(Self.name("tracker.test")))
        #expect(!filter.blocks(Self.name("example.com")))
    }

    @Test("allow beats block")
    func allowWins() throws {
        var settings = DNSFilterSettings()
        settings.block = ["*.example.com"]
        settings.allow = ["good.example.com", "*.cdn.example.com"]
        let filter = try DNSFilter(settings: settings)
        #expect(filter.blocks(Self.name("bad.example.com")))
        #expect(!filter.blocks(Self.name("good.example.com")))
        #expect(!filter.blocks(Self.name("x.cdn.example.com")))
    }

    @Test("hosts files and domain lists, mixed, with comments")
    func listFiles() throws {
        let path = try Self.temporaryFile("""
            # a hosts file
            127.0.0.1 localhost
            0.0.0.0 ads.one.test ads.two.test   # two names
            ::1 ip6-localhost
            plain.test
            *.wild.test

            """)
        let patterns = try DNSListFile.patterns(at: path)
        #expect(patterns == [.exact("ads.one.test"), .exact("ads.two.test"), .exact("plain.test"), .wildcard(suffix: "wild.test")])
    }

    @Test("a bad line names the file and line")
    func badLine() throws {
        let path = try Self.temporaryFile("good.test\nnot an address line\n")
        #expect(throws: DNSConfigurationError.badListLine(path: path, line: 2, text: "not an address line")) {
            try DNSListFile.patterns(at: path)
        }
        #expect(DNSConfigurationError.badListLine(path: path, line: 2, text: "x").description.hasPrefix("\(path):2:"))
    }

    @Test("a missing list file is an error naming it")
    func missingFile() {
        var settings = DNSFilterSettings()
        settings.blockFiles = ["/nonexistent/sluice/list.txt"]
        #expect {
            try DNSFilter(settings: settings)
        } throws: { error in
            guard case .unreadableList(let path, _) = error as? DNSConfigurationError else { return false }
            return path == "/nonexistent/sluice/list.txt"
        }
    }

    @Test("names that are not names are rejected", arguments: ["", "*", "a.*.b", "bad..name"])
    func badPatterns(text: String) {
        #expect(DNSNamePattern(text) == nil)
    }
}
