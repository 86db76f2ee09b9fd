/// A domain name as a list of labels (raw bytes, case preserved). Equality and hashing ignore
/// ASCII case, as DNS does.
///
/// Reading from the wire (``DNSWireReader/readName()``) follows compression pointers with
/// bounded work: pointers must point strictly backwards, labels are at most 63 bytes and the
/// whole name at most 255, so no packet can make parsing loop or grow.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, most specific first; the root name has none.
    public private(set) var labels: [[UInt8]]

    /// The largest label, in bytes.
    public static let maxLabelLength = 63
    /// The largest name on the wire, in bytes (length octets included).
    public static let maxWireLength = 255

    /// The root name (`.`).
    public static let root = DNSName(uncheckedLabels: [])

    /// A name from labels already known to respect the limits.
    init(uncheckedLabels: [[UInt8]]) { labels = uncheckedLabels }

    /// A name from labels, checking the label and name limits.
    public init(labels: [[UInt8]]) throws(DNSParseError) {
        var length = 1
        for label in labels {
            guard !label.isEmpty, label.count <= Self.maxLabelLength else {
                throw .badName(labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "."))
            }
            length += label.count + 1
        }
        guard length <= Self.maxWireLength else {
            throw .badName(labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "."))
        }
        self.labels = labels
    }

    /// Parses dotted text (`www.example.com`, with or without the final dot; `.` is the root).
    public init(_ text: String) throws(DNSParseError) {
        var trimmed = Substring(text)
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty {
            guard text == "." || text.isEmpty else { throw .badName(text) }
            self = .root
            return
        }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        do {
            try self.init(labels: parts.map { Array($0.utf8) })
        } catch {
            throw .badName(text)
        }
    }

    /// The wire length: one length byte per label, the label bytes and the final zero.
    public var wireLength: Int { labels.reduce(1) { $0 + $1.count + 1 } }

    /// The name without its first label (nil for the root).
    public var parent: DNSName? { labels.isEmpty ? nil : DNSName(uncheckedLabels: Array(labels.dropFirst())) }

    /// The dotted text, lower-cased and without the final dot: the key used by caches, filters
    /// and mock rules.
    public var key: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(wireLength)
        for (index, label) in labels.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ".")) }
            for byte in label { bytes.append(Self.lowercased(byte)) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String {
        labels.isEmpty ? "." : labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".") + "."
    }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        guard lhs.labels.count == rhs.labels.count else { return false }
        for (left, right) in zip(lhs.labels, rhs.labels) {
            guard left.count == right.count else { return false }
            for (a, b) in zip(left, right) where lowercased(a) != lowercased(b) { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels.count)
        for label in labels {
            hasher.combine(label.count)
            for byte in label { hasher.combine(Self.lowercased(byte)) }
        }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
