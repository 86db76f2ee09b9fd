/// A DNS message (RFC 1035 §4): header, the four sections and the EDNS(0) record if any.
public struct DNSMessage: Hashable, Sendable {
    public var header: DNSHeader
    public var questions: [DNSQuestion]
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    /// The additional section without the OPT record (see ``edns``).
    public var additionals: [DNSResourceRecord]
    /// The EDNS(0) OPT record, when present.
    public var edns: DNSEDNS?

    /// A message with the given sections.
    public init(
        header: DNSHeader, questions: [DNSQuestion] = [], answers: [DNSResourceRecord] = [],
        authorities: [DNSResourceRecord] = [], additionals: [DNSResourceRecord] = [], edns: DNSEDNS? = nil
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
        self.edns = edns
    }

    /// A standard recursive query for one question.
    public static func query(id: UInt16, question: DNSQuestion, edns: DNSEDNS? = DNSEDNS(udpPayloadSize: 1232)) -> DNSMessage {
        DNSMessage(header: DNSHeader(id: id, recursionDesired: true), questions: [question], edns: edns)
    }

    /// An empty response to `query` with `code`: same id, question, RD and opcode.
    public static func response(to query: DNSMessage, code: DNSResponseCode) -> DNSMessage {
        var header = DNSHeader(id: query.header.id, isResponse: true, opcode: query.header.opcode)
        header.recursionDesired = query.header.recursionDesired
        header.recursionAvailable = true
        header.checkingDisabled = query.header.checkingDisabled
        header.responseCode = code
        let edns = query.edns.map { _ in DNSEDNS(udpPayloadSize: DNSMessage.serverPayloadSize) }
        return DNSMessage(header: header, questions: query.questions, edns: edns)
    }

    /// The EDNS payload size this server advertises (the DNS flag day 2020 value).
    public static let serverPayloadSize: UInt16 = 1232
}
