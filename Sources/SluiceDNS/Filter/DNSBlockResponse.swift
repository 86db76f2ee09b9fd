/// How a blocked name is answered.
public enum DNSBlockResponse: String, Codable, Hashable, Sendable, CaseIterable {
    /// NXDOMAIN: the name does not exist.
    case nxdomain
    /// An A record 0.0.0.0 or AAAA record ::, other types NODATA.
    case nullAddress = "null-address"
    /// REFUSED.
    case refused
}
