import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The TLS side of a runtime: which CONNECT hosts are inspected, the leaf contexts shown to
/// clients (made on demand off the event loop, cached) and the client context for upstream servers.
final class ProxyTLS: Sendable {
    /// The host patterns inspected.
    let patterns: [String]
    /// The CA, when inspection is configured.
    let authority: InspectionAuthority?
    /// Used for every TLS connection to an upstream server.
    let clientContext: NIOSSLContext
    private let cache: Mutex<LeafCertificateCache>
    /// Leaf certificates are valid this many days and re-issued a day before they end.
    static let leafDays = 30

    /// Loads the CA and the upstream trust; errors name the configuration key.
    init(configuration: TLSInspectionConfiguration, baseDirectory: String, file: String,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        patterns = configuration.inspect.map { $0.lowercased() }
        cache = Mutex(LeafCertificateCache(capacity: configuration.leafCacheSize))
        if let ca = configuration.ca {
            let certificatePath = ProxyRuntime.resolve(ca.certificate, in: baseDirectory)
            guard let certificatePEM = try? String(contentsOfFile: certificatePath, encoding: .utf8) else {
                throw ProxyConfigurationError(file: file, key: "tls.ca.certificate", problem: "cannot read '\(certificatePath)'")
            }
            let keyPEM = try Self.keyText(ca.key, baseDirectory: baseDirectory, file: file, environment: environment)
            do {
                authority = try InspectionAuthority(certificatePEM: certificatePEM, keyPEM: keyPEM)
            } catch let error as InspectionAuthorityError {
                throw ProxyConfigurationError(file: file, key: "tls.ca", problem: error.description)
            } catch {
                throw ProxyConfigurationError(file: file, key: "tls.ca", problem: "not a PEM certificate and private key")
            }
        } else {
            authority = nil
        }
        var client = NIOSSL.TLSConfiguration.makeClientConfiguration()
        client.applicationProtocols = ["http/1.1"]
        if !configuration.verifyUpstream { client.certificateVerification = .none }
        if let bundle = configuration.upstreamTrust {
            let path = ProxyRuntime.resolve(bundle, in: baseDirectory)
            guard let certificates = try? NIOSSLCertificate.fromPEMFile(path), !certificates.isEmpty else {
                throw ProxyConfigurationError(file: file, key: "tls.upstreamTrust", problem: "cannot read PEM certificates from '\(path)'")
            }
            client.additionalTrustRoots = [.certificates(certificates)]
        }
        do {
            clientContext = try NIOSSLContext(configuration: client)
        } catch {
            throw ProxyConfigurationError(file: file, key: "tls", problem: "cannot set up TLS to upstream servers (\(error))")
        }
    }

    /// The PEM text of the CA key: `${file:PATH}` or `${env:NAME}` give it, anything else is a file path.
    private static func keyText(_ value: String, baseDirectory: String, file: String, environment: [String: String]) throws -> String {
        let key = "tls.ca.key"
        if value.hasPrefix("${env:"), value.hasSuffix("}") {
            let name = String(value.dropFirst("${env:".count).dropLast())
            guard let text = environment[name] else {
                throw ProxyConfigurationError(file: file, key: key, problem: "environment variable \(name) is not set")
            }
            return text
        }
        var path = value
        if value.hasPrefix("${file:"), value.hasSuffix("}") { path = String(value.dropFirst("${file:".count).dropLast()) }
        let resolved = ProxyRuntime.resolve(path, in: baseDirectory)
        guard let text = try? String(contentsOfFile: resolved, encoding: .utf8) else {
            throw ProxyConfigurationError(file: file, key: key, problem: "cannot read '\(resolved)'")
        }
        return text
    }

    /// Whether CONNECT tunnels to `host` are inspected.
    func inspects(_ host: String) -> Bool {
        authority != nil && patterns.contains { HostPattern.matches($0, host: host) }
    }

    /// The server context for `host`: from the cache, or issued on `pool` (key generation and signing stay off the event loop).
    func serverContext(for host: String, pool: NIOThreadPool, eventLoop: any EventLoop) -> EventLoopFuture<NIOSSLContext> {
        let now = Date().timeIntervalSince1970
        if let cached = cache.withLock({ $0.context(for: host, now: now) }) { return eventLoop.makeSucceededFuture(cached) }
        guard let authority else { return eventLoop.makeFailedFuture(ChannelError.operationUnsupported) }
        return pool.runIfActive(eventLoop: eventLoop) { [self] in
            let leaf = try authority.issueLeaf(for: host, days: Self.leafDays)
            var configuration = NIOSSL.TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(leaf.certificate), .certificate(authority.nioCertificate)],
                privateKey: .privateKey(leaf.key))
            configuration.applicationProtocols = ["http/1.1"]
            let context = try NIOSSLContext(configuration: configuration)
            let expires = Date().timeIntervalSince1970 + Double(Self.leafDays - 1) * 86_400
            cache.withLock { $0.insert(context, for: host, expires: expires) }
            return context
        }
    }

    /// The number of hosts with a cached leaf certificate.
    var cachedLeafCount: Int { cache.withLock { $0.count } }
}
