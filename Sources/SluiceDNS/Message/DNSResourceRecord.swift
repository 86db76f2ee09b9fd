/// One resource record of the answer, authority or additional section.
public struct DNSResourceRecord: Hashable, Sendable {
    public var name: DNSName
    public var type: DNSRecordType
    public var recordClass: DNSRecordClass
    /// Time to live, in seconds.
    public var ttl: UInt32
    public var data: DNSRecordData

    /// A record; `type` must agree with `data` for the decoded cases.
    public init(name: DNSName, type: DNSRecordType, recordClass: DNSRecordClass = .internet, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// A record whose type follows from its decoded data (not for `.opaque`).
    public init(name: DNSName, ttl: UInt32, data: DNSRecordData) {
        let type: DNSRecordType = switch data {
        case .a: .a
        case .aaaa: .aaaa
        case .cname: .cname
        case .ns: .ns
        case .ptr: .ptr
        case .mx: .mx
        case .txt: .txt
        case .soa: .soa
        case .srv: .srv
        case .opaque: DNSRecordType(rawValue: 0)
        }
        self.init(name: name, type: type, ttl: ttl, data: data)
    }
}
