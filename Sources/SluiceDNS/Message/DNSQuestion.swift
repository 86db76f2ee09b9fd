/// One entry of the question section: the name, type and class asked about.
public struct DNSQuestion: Hashable, Sendable, CustomStringConvertible {
    public var name: DNSName
    public var type: DNSRecordType
    public var recordClass: DNSRecordClass

    /// A question for `name`/`type` in class IN unless told otherwise.
    public init(name: DNSName, type: DNSRecordType, recordClass: DNSRecordClass = .internet) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }

    /// Whether `other` asks the same thing (names compared case-insensitively), as a response's
    /// question must.
    public func matches(_ other: DNSQuestion) -> Bool {
        type == other.type && recordClass == other.recordClass && name == other.name
    }

    public var description: String { "\(name) \(type)" }
}
