import NIOCore

/// Refuses connections to cloud metadata, loopback, private, link-local and other internal
/// addresses unless a configured range allows them. It checks the address actually connected
/// to, after name resolution, so a public name pointing at an internal address is refused.
public struct SSRFGuard: Sendable {
    /// Whether the guard is on.
    public let enabled: Bool
    /// Ranges allowed even though internal.
    public let allowed: [AddressRange]

    /// Cloud metadata endpoints (AWS/GCP/Azure/OpenStack, AWS IPv6, Alibaba).
    static let metadata = ["169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32"].compactMap(AddressRange.init)
    /// Loopback, private, link-local, carrier-grade NAT, unspecified, multicast and reserved ranges.
    static let internalRanges = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96",
    ].compactMap(AddressRange.init)

    /// A guard from its configuration.
    public init(configuration: SSRFGuardConfiguration) {
        enabled = configuration.enabled
        allowed = configuration.allow.compactMap(AddressRange.init)
    }

    /// `nil` when the address may be connected to, else the decision refusing it.
    public func check(_ address: SocketAddress) -> PolicyDecision? {
        guard enabled, let bytes = AddressRange.bytes(of: address) else { return nil }
        if allowed.contains(where: { $0.contains(bytes) }) { return nil }
        if Self.metadata.contains(where: { $0.contains(bytes) }) {
            return PolicyDecision(.deny(status: 403), rule: "ssrf.metadata", reason: "cloud metadata address refused")
        }
        if Self.internalRanges.contains(where: { $0.contains(bytes) }) {
            return PolicyDecision(.deny(status: 403), rule: "ssrf.private", reason: "internal address refused")
        }
        return nil
    }
}
