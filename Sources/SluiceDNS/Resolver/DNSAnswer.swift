/// The outcome of resolving one question: the response code, the sections and how it was decided.
public struct DNSAnswer: Sendable, Equatable {
    public var responseCode: DNSResponseCode
    public var answers: [DNSResourceRecord]
    public var authorities: [DNSResourceRecord]
    public var additionals: [DNSResourceRecord]
    public var decision: DNSDecision

    /// An answer with `code` and the given records.
    public init(
        responseCode: DNSResponseCode, answers: [DNSResourceRecord] = [], authorities: [DNSResourceRecord] = [],
        additionals: [DNSResourceRecord] = [], decision: DNSDecision
    ) {
        self.responseCode = responseCode
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
        self.decision = decision
    }

    init(_ hit: DNSCacheHit, decision: DNSDecision) {
        self.init(responseCode: hit.responseCode, answers: hit.answers, authorities: hit.authorities, additionals: hit.additionals, decision: decision)
    }

    init(_ message: DNSMessage, decision: DNSDecision) {
        self.init(
            responseCode: message.header.responseCode, answers: message.answers, authorities: message.authorities,
            additionals: message.additionals, decision: decision
        )
    }

    /// The IP addresses (text) among the answer records, for in-process callers.
    public var addresses: [String] {
        answers.compactMap { record in
            switch record.data {
            case .a(let bytes), .aaaa(let bytes): DNSAddressText.text(bytes)
            default: nil
            }
        }
    }
}
