import Testing
@testable import SluiceDNS

@Suite("DNS message codec")
struct DNSCodecTests {
    static func name(_ text: String) -> DNSName { try! DNSName(text) }

    static let soa = DNSStartOfAuthority(
        primary: name("ns1.example.com"), mailbox: name("hostmaster.example.com"),
        serial: 2026113001, refresh: 7200, retry: 900, expire: 1_209_600, minimum: 300
    )

    static let everyType: [DNSResourceRecord] = [
        DNSResourceRecord(name: name("www.example.com"), ttl: 300, data: .a([192, 0, 2, 1])),
        DNSResourceRecord(name: name("www.example.com"), ttl: 300, data: .aaaa([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1])),
        DNSResourceRecord(name: name("alias.example.com"), ttl: 60, data: .cname(name("www.example.com"))),
        DNSResourceRecord(name: name("example.com"), ttl: 3600, data: .mx(preference: 10, exchange: name("mail.example.com"))),
        DNSResourceRecord(name: name("example.com"), ttl: 3600, data: .txt([Array("v=spf1 -all".utf8), [], Array("second".utf8)])),
        DNSResourceRecord(name: name("example.com"), ttl: 86400, data: .ns(name("ns1.example.com"))),
        DNSResourceRecord(name: name("example.com"), ttl: 86400, data: .soa(soa)),
        DNSResourceRecord(name: name("1.2.0.192.in-addr.arpa"), ttl: 300, data: .ptr(name("www.example.com"))),
        DNSResourceRecord(name: name("_sip._udp.example.com"), ttl: 300, data: .srv(priority: 1, weight: 5, port: 5060, target: name("sip.example.com"))),
        DNSResourceRecord(name: name("example.com"), type: DNSRecordType(rawValue: 65), ttl: 300, data: .opaque([0, 1, 0, 0, 1, 0, 3, 2, 0x68, 0x32])),
    ]

    @Test("every listed type round-trips, with EDNS and all header flags")
    func roundTrip() throws {
        let header = DNSHeader(
            id: 0xBEEF, isResponse: true, opcode: 0, isAuthoritative: true, isTruncated: false, recursionDesired: true,
            recursionAvailable: true, authenticData: true, checkingDisabled: true, responseCode: .nameError
        )
        let message = DNSMessage(
            header: header, questions: [DNSQuestion(name: Self.name("www.Example.com"), type: .a)],
            answers: Self.everyType, authorities: [Self.everyType[6]], additionals: [Self.everyType[0]],
            edns: DNSEDNS(udpPayloadSize: 4096, extendedResponseCode: 0, version: 0, dnssecOK: true, options: [0, 10, 0, 2, 0xAB, 0xCD])
        )
        let decoded = try DNSMessage(wire: message.wire())
        #expect(decoded == message)
        #expect(decoded.questions[0].name.labels[1] == Array("Example".utf8), "case is preserved")
    }

    @Test("names are compressed against earlier suffixes, case-insensitively")
    func compression() throws {
        let records = (0..<10).map { index in
            DNSResourceRecord(name: Self.name("host\(index).EXAMPLE.com"), ttl: 1, data: .cname(Self.name("target.example.com")))
        }
        let message = DNSMessage(header: DNSHeader(id: 1, isResponse: true), questions: [DNSQuestion(name: Self.name("example.com"), type: .cname)], answers: records)
        let wire = message.wire()
        // Uncompressed, each record repeats "example.com" twice (13 bytes each).
        let uncompressedSize = 12 + 17 + records.count * (19 + 10 + 20)
        #expect(wire.count < uncompressedSize - 150)
        #expect(wire.contains(0xC0))
        #expect(try DNSMessage(wire: wire) == message)
    }

    @Test("SRV targets are written uncompressed (RFC 2782)")
    func srvNotCompressed() throws {
        let record = Self.everyType[8]
        let message = DNSMessage(header: DNSHeader(id: 1), answers: [DNSResourceRecord(name: Self.name("sip.example.com"), ttl: 1, data: .a([1, 2, 3, 4])), record])
        let wire = message.wire()
        let target: [UInt8] = [3] + Array("sip".utf8) + [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0]
        #expect(wire.suffix(target.count) == target[...])
    }

    @Test("a response longer than the UDP limit is truncated with TC set")
    func truncation() throws {
        let strings = (0..<8).map { _ in [UInt8](repeating: 0x61, count: 200) }
        var message = DNSMessage(header: DNSHeader(id: 7, isResponse: true), questions: [DNSQuestion(name: Self.name("big.example"), type: .txt)])
        message.answers = [DNSResourceRecord(name: Self.name("big.example"), ttl: 5, data: .txt(strings))]
        let small = try DNSMessage(wire: message.wire(maxSize: 512))
        #expect(small.header.isTruncated)
        #expect(small.answers.isEmpty)
        #expect(small.questions == message.questions)
        let whole = try DNSMessage(wire: message.wire(maxSize: 65535))
        #expect(!whole.header.isTruncated)
        #expect(whole.answers == message.answers)
    }

    @Test("record types print and parse by mnemonic")
    func typeNames() {
        #expect(DNSRecordType(name: "aaaa") == .aaaa)
        #expect(DNSRecordType(name: "TYPE65")?.rawValue == 65)
        #expect(DNSRecordType(rawValue: 65).description == "TYPE65")
        #expect(DNSRecordType(name: "bogus") == nil)
    }

    @Test("names from text: final dot, root, and limits")
    func namesFromText() throws {
        #expect(try DNSName("example.com.") == DNSName("EXAMPLE.com"))
        #expect(try DNSName(".") == .root)
        #expect(try DNSName("Www.Example.COM").key == "www.example.com")
        #expect(throws: DNSParseError.self) { try DNSName(String(repeating: "a", count: 64) + ".com") }
        #expect(throws: DNSParseError.self) { try DNSName("a..b") }
        let long = (0..<52).map { _ in "abcd" }.joined(separator: ".")  // 52 * 5 + 1 = 261 > 255 on the wire
        #expect(throws: DNSParseError.self) { try DNSName(long) }
    }

    // MARK: Malformed input

    static func header(qd: UInt16 = 1, an: UInt16 = 0, ar: UInt16 = 0) -> [UInt8] {
        [0x12, 0x34, 0x01, 0x00, UInt8(qd >> 8), UInt8(qd & 0xFF), UInt8(an >> 8), UInt8(an & 0xFF), 0, 0, UInt8(ar >> 8), UInt8(ar & 0xFF)]
    }

    @Test("truncated headers fail with .truncated at the field cut short", arguments: [(0, 0), (1, 0), (5, 4), (11, 10)])
    func truncatedHeader(length: Int, offset: Int) {
        let bytes = Array(Self.header().prefix(length))
        #expect(throws: DNSParseError.truncated(offset: offset)) { try DNSMessage(wire: bytes) }
    }

    @Test("a question cut short fails")
    func truncatedQuestion() {
        let bytes = Self.header() + [3] + Array("www".utf8) + [0, 0, 1]
        #expect(throws: DNSParseError.self) { try DNSMessage(wire: bytes) }
    }

    @Test("a pointer to itself is rejected")
    func selfPointer() {
        let bytes = Self.header() + [0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSParseError.badPointer(offset: 12, target: 12)) { try DNSMessage(wire: bytes) }
    }

    @Test("a forward pointer is rejected")
    func forwardPointer() {
        let bytes = Self.header() + [0xC0, 20, 0, 1, 0, 1, 0, 0, 3] + Array("abc".utf8) + [0]
        #expect(throws: DNSParseError.badPointer(offset: 12, target: 20)) { try DNSMessage(wire: bytes) }
    }

    @Test("a loop of two pointers is rejected")
    func pointerLoop() {
        // Question name at 12: label "a" then a pointer to 16; at 16 a pointer back to 12.
        let bytes = Self.header() + [1, 0x61, 0xC0, 16, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSParseError.self) { try DNSMessage(wire: bytes) }
    }

    @Test("a label of 64 bytes (a reserved label type) is rejected")
    func oversizedLabel() {
        let bytes = Self.header() + [64] + [UInt8](repeating: 0x61, count: 64) + [0, 0, 1, 0, 1]
        #expect(throws: DNSParseError.badLabelType(offset: 12, byte: 64)) { try DNSMessage(wire: bytes) }
    }

    @Test("a name over 255 bytes is rejected at the label that crosses the limit")
    func oversizedName() {
        var bytes = Self.header()
        for _ in 0..<5 { bytes += [63] + [UInt8](repeating: 0x62, count: 63) }
        bytes += [0, 0, 1, 0, 1]
        #expect(throws: DNSParseError.nameTooLong(offset: 12 + 3 * 64)) { try DNSMessage(wire: bytes) }
    }

    @Test("record data of the wrong length is rejected")
    func badRecordLength() {
        let question: [UInt8] = [1, 0x61, 0, 0, 1, 0, 1]
        let record: [UInt8] = [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 5, 1, 2, 3, 4, 5]
        #expect(throws: DNSParseError.badRecordData(offset: 31, type: .a)) { try DNSMessage(wire: Self.header(an: 1) + question + record) }
        let cname: [UInt8] = [0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 4, 0xC0, 12, 0, 0]
        #expect(throws: DNSParseError.badRecordData(offset: 31, type: .cname)) { try DNSMessage(wire: Self.header(an: 1) + question + cname) }
    }

    @Test("an OPT record in the answer section, or twice, is rejected")
    func misplacedOPT() {
        let question: [UInt8] = [1, 0x61, 0, 0, 1, 0, 1]
        let opt: [UInt8] = [0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: DNSParseError.badOPT(offset: 19)) { try DNSMessage(wire: Self.header(an: 1) + question + opt) }
        #expect(throws: DNSParseError.badOPT(offset: 30)) { try DNSMessage(wire: Self.header(ar: 2) + question + opt + opt) }
    }

    @Test("counts larger than the packet can hold fail before any allocation")
    func impossibleCounts() {
        #expect(throws: DNSParseError.truncated(offset: 12)) { try DNSMessage(wire: Self.header(qd: 0xFFFF, an: 0xFFFF)) }
    }

    @Test("reserved label types are rejected")
    func reservedLabelType() {
        let bytes = Self.header() + [0x80, 0, 0, 1, 0, 1]
        #expect(throws: DNSParseError.badLabelType(offset: 12, byte: 0x80)) { try DNSMessage(wire: bytes) }
    }

    @Test("parse errors describe the offset")
    func errorText() {
        #expect(DNSParseError.badPointer(offset: 12, target: 40).description.contains("byte 12"))
        #expect(DNSParseError.nameTooLong(offset: 3).description.contains("255"))
    }
}
