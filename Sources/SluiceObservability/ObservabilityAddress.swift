/// `HOST:PORT` (or `[IPv6]:PORT`) split into its parts.
struct ObservabilityAddress: Hashable, Sendable {
    var host: String
    var port: Int

    init?(_ text: String) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), let value = Int(rest.dropFirst()) else { return nil }
            port = value
        } else {
            let parts = text.split(separator: ":")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            host = String(parts[0])
            port = value
        }
        guard (0...65535).contains(port), !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) else { return nil }
    }
}
