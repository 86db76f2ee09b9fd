/// A name to match: exact (`ads.example.com`) or a wildcard (`*.example.com`, matching every
/// name below example.com but not example.com itself). Kept lower-cased, without the final dot.
public enum DNSNamePattern: Hashable, Sendable, CustomStringConvertible {
    case exact(String)
    case wildcard(suffix: String)

    /// Parses `text`; nil when it is not a valid name or wildcard.
    public init?(_ text: String) {
        var name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        let isWildcard = name.hasPrefix("*.")
        if isWildcard { name.removeFirst(2) }
        guard !name.isEmpty, !name.contains("*"), (try? DNSName(name)) != nil else { return nil }
        self = isWildcard ? .wildcard(suffix: name) : .exact(name)
    }

    public var description: String {
        switch self {
        case .exact(let name): name
        case .wildcard(let suffix): "*.\(suffix)"
        }
    }
}

import Foundation
