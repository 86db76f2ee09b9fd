/// The block and allow lists in effect: inline patterns plus the list files as last read.
/// A value; the resolver swaps in a new one on reload.
public struct DNSFilter: Sendable {
    /// The patterns that block.
    public private(set) var blocked = DNSNameSet<Void>()
    /// The patterns that allow (they win over blocks).
    public private(set) var allowed = DNSNameSet<Void>()

    /// A filter that blocks nothing.
    public init() {}

    /// The filter `settings` describe, reading its list files now (blocking file reads).
    public init(settings: DNSFilterSettings) throws(DNSConfigurationError) {
        for text in settings.block { if let pattern = DNSNamePattern(text) { blocked.insert(pattern) } }
        for text in settings.allow { if let pattern = DNSNamePattern(text) { allowed.insert(pattern) } }
        for path in settings.blockFiles { for pattern in try DNSListFile.patterns(at: path) { blocked.insert(pattern) } }
        for path in settings.allowFiles { for pattern in try DNSListFile.patterns(at: path) { allowed.insert(pattern) } }
    }

    /// Whether `name` is blocked: some block pattern matches and no allow pattern does.
    public func blocks(_ name: DNSName) -> Bool {
        guard blocked.count > 0 else { return false }
        let key = name.key
        return blocked.contains(key) && !allowed.contains(key)
    }
}
