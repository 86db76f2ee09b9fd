/// An address and port, written `127.0.0.1:5353`, `[::1]:5353` or just an address (port 53).
public struct DNSEndpoint: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The IP address, as text.
    public var host: String
    /// The UDP/TCP port.
    public var port: Int

    /// An endpoint at `host`:`port`.
    public init(host: String, port: Int = 53) {
        self.host = host
        self.port = port
    }

    /// Parses `text`; nil when it is not an IP address with an optional port.
    public init?(text: String) {
        var host = text
        var port = 53
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()) else { return nil }
                port = value
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            guard let value = Int(text[text.index(after: colon)...]) else { return nil }
            port = value
        }
        guard DNSAddressText.bytes(host) != nil, (0...65535).contains(port) else { return nil }
        self.init(host: host, port: port)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let endpoint = DNSEndpoint(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not ADDRESS or ADDRESS:PORT (an IP address)")
        }
        self = endpoint
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
