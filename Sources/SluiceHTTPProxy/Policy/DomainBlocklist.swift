import Foundation
import NIOCore

/// A set of blocked domains from hosts-file or domain-list files; a listed domain blocks its subdomains too.
public struct DomainBlocklist: ProxyPolicy {
    /// The blocked domains, lower-case.
    public let domains: Set<String>
    /// The rule name in decisions (`blocklist:FILE`).
    public let name: String

    /// A blocklist of domains.
    public init(name: String, domains: Set<String>) {
        self.name = name
        self.domains = domains
    }

    /// Parses a blocklist's text: `hosts` lines are `ADDRESS NAME...`, `domains` lines one
    /// domain (a leading `*.` or `.` is dropped); `#` starts a comment.
    public init(name: String, text: String, format: ProxyConfiguration.BlocklistFormat) {
        var domains = Set<String>()
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let names: ArraySlice<Substring> = switch format {
            case .hosts: fields.dropFirst()
            case .domains: fields.prefix(1)
            }
            for field in names {
                var domain = field.lowercased()
                if domain.hasPrefix("*.") { domain.removeFirst(2) } else if domain.hasPrefix(".") { domain.removeFirst() }
                if domain.hasSuffix(".") { domain.removeLast() }
                if !domain.isEmpty, domain != "localhost", domain != "localhost.localdomain" { domains.insert(domain) }
            }
        }
        self.init(name: name, domains: domains)
    }

    /// Whether the host or one of its parent domains is listed.
    public func blocks(_ host: String) -> Bool {
        var candidate = Substring(host.lowercased())
        while true {
            if domains.contains(String(candidate)) { return true }
            guard let dot = candidate.firstIndex(of: ".") else { return false }
            candidate = candidate[candidate.index(after: dot)...]
        }
    }

    public func evaluate(_ request: ProxyRequest, body: ByteBuffer?) -> PolicyOutcome {
        blocks(request.host) ? .decide(PolicyDecision(.deny(status: 403), rule: name, reason: "domain on a blocklist")) : .pass
    }
}
