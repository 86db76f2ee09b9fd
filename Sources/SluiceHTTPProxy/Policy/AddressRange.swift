import NIOCore

/// An IPv4 or IPv6 address range in CIDR notation (`10.0.0.0/8`, `fc00::/7`); a bare address is a /32 or /128.
public struct AddressRange: Sendable, Equatable {
    /// The network's bytes (4 or 16).
    let network: [UInt8]
    /// The prefix length in bits.
    let prefix: Int

    /// Parses `ADDRESS[/PREFIX]`; `nil` when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = AddressRange.bytes(of: String(first)) else { return nil }
        let bits = bytes.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            self.prefix = bits
        }
        network = bytes
    }

    /// Whether the address (4 or 16 bytes) lies in the range; IPv4-mapped IPv6 addresses count as IPv4.
    public func contains(_ address: [UInt8]) -> Bool {
        let address = AddressRange.unmapped(address)
        guard address.count == network.count else { return false }
        var remaining = prefix
        for index in 0..<address.count where remaining > 0 {
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if address[index] & mask != network[index] & mask { return false }
            remaining -= take
        }
        return true
    }

    /// The bytes of a textual IPv4 or IPv6 address, or `nil`.
    static func bytes(of text: String) -> [UInt8]? {
        guard let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        return bytes(of: address)
    }

    /// The bytes of a socket address's IP, or `nil` for Unix sockets.
    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4):
            return withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6):
            return withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        case .unixDomainSocket:
            return nil
        }
    }

    /// `::ffff:a.b.c.d` as a.b.c.d; other addresses unchanged.
    static func unmapped(_ address: [UInt8]) -> [UInt8] {
        if address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF {
            return Array(address[12..<16])
        }
        return address
    }
}
