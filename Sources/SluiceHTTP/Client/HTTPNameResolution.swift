import Foundation
import NIOCore
import NIOPosix
import Sluice
import SluiceDNS

/// How a ``JobHTTPClient`` turns host names into addresses: the system resolver, or Sluice's
/// DNS adapter in-process (``SluiceDNS/DNSResolver``, with per-job mock rules over its own), or a
/// DNS server at an address. TLS still checks the certificate against the URL's host name.
public struct HTTPNameResolution: Sendable {
    /// The resolver asked first; nil for the system resolver only.
    public let resolver: DNSResolver?
    /// Rules layered over the resolver's own (a job's `dns.mocks`).
    public let mocks: [DNSMockRule]
    /// Whether a name the resolver has no address for goes to the system resolver (true for
    /// mocks-only resolution, false when a DNS server or resolver was chosen).
    public let fallsBackToSystem: Bool
    /// Names the resolution in errors (`system`, `dns 127.0.0.1:5353`, `dns mocks`).
    public let label: String

    /// The operating system's resolver (getaddrinfo).
    public static let system = HTTPNameResolution(resolver: nil, mocks: [], fallsBackToSystem: true, label: "system resolver")

    /// Resolves through `resolver` (in-process), with `mocks` over its rules; a name it cannot
    /// resolve is an error, not a silent fallback.
    public static func resolver(_ resolver: DNSResolver, mocks: [DNSMockRule] = []) -> HTTPNameResolution {
        HTTPNameResolution(resolver: resolver, mocks: mocks, fallsBackToSystem: false, label: "in-process DNS resolver")
    }

    /// Resolves the names of `mocks` to their fixed addresses or aliases, and every other name
    /// through the system resolver.
    public static func mocks(_ mocks: [DNSMockRule], group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws -> HTTPNameResolution {
        var configuration = DNSConfiguration()
        configuration.cache.enabled = false
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(), group: group, tracer: nil)
        return HTTPNameResolution(resolver: resolver, mocks: mocks, fallsBackToSystem: true, label: "dns mocks")
    }

    /// Resolves through the DNS server at `server` (a `sluice dns` or any resolver), with `mocks`
    /// answered locally first.
    public static func server(_ server: DNSEndpoint, mocks: [DNSMockRule] = [],
                              group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws -> HTTPNameResolution {
        var configuration = DNSConfiguration()
        configuration.upstreams = [server]
        let resolver = try DNSResolver(configuration: configuration, filter: DNSFilter(), group: group, tracer: nil)
        return HTTPNameResolution(resolver: resolver, mocks: mocks, fallsBackToSystem: false, label: "dns server \(server)")
    }

    /// The address to connect to for `host`, or nil to let the system resolve it.
    /// - Throws: a `connection` ``Sluice/BatchError`` naming the host when the chosen DNS has no address.
    public func address(of host: String) async throws -> String? {
        guard let resolver, !Self.isAddressLiteral(host) else { return nil }
        let addresses: [String]
        do {
            addresses = try await resolver.addresses(of: host, mocks: mocks)
        } catch {
            throw BatchError(.connection, "could not resolve '\(host)' through the \(label): \(error)")
        }
        if let first = addresses.first { return first }
        if fallsBackToSystem { return nil }
        throw BatchError(.connection, "'\(host)' has no address in the \(label)")
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a name.
    static func isAddressLiteral(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: 0)) != nil
    }
}
