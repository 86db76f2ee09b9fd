import Foundation
import SluiceHTTP
import Yams

/// The whole configuration of a Sluice HTTP proxy, as read from `proxy.yaml`.
///
/// Every section is optional; the defaults give an open proxy on 127.0.0.1:3128 with the
/// request-smuggling checks, header limits and the SSRF guard switched on.
public struct ProxyConfiguration: Codable, Sendable, Equatable {
    /// Where the proxy listens.
    public var listen: Listen
    /// What happens to a request no rule decides: `allow` or `deny`.
    public var defaultAction: RuleAction
    /// Header, size and time limits.
    public var limits: Limits
    /// Proxy-Authorization Basic users; `nil` for no authentication.
    public var authentication: Authentication?
    /// The SSRF guard on the address actually connected to.
    public var ssrf: SSRFGuardConfiguration
    /// Domain blocklists (hosts-file or plain domain-list files).
    public var blocklists: [Blocklist]
    /// Access, app (CASB) and mock rules, evaluated in order; the first decisive match wins.
    public var rules: [Rule]
    /// Content filtering of request and response bodies and types.
    public var content: ContentFilterConfiguration
    /// Data-loss prevention on outgoing (request) bodies; `nil` for none.
    public var dlp: DLPConfiguration?
    /// The JSON-lines audit log; `nil` for none.
    public var audit: AuditConfiguration?
    /// TLS inspection and upstream TLS trust.
    public var tls: TLSInspectionConfiguration
    /// How upstream host names resolve: `system` (the default), a DNS server `ADDRESS:PORT`, or
    /// `{ server:, mocks: }` — the same `dns:` setting as the http components. The SSRF guard
    /// checks the address this gives, which is the address connected to.
    public var dns: HTTPDNSSetting?

    /// A configuration with every default.
    public init(
        listen: Listen = Listen(), defaultAction: RuleAction = .allow, limits: Limits = Limits(),
        authentication: Authentication? = nil, ssrf: SSRFGuardConfiguration = SSRFGuardConfiguration(),
        blocklists: [Blocklist] = [], rules: [Rule] = [], content: ContentFilterConfiguration = ContentFilterConfiguration(),
        dlp: DLPConfiguration? = nil, audit: AuditConfiguration? = nil, tls: TLSInspectionConfiguration = TLSInspectionConfiguration(),
        dns: HTTPDNSSetting? = nil
    ) {
        self.listen = listen
        self.defaultAction = defaultAction
        self.limits = limits
        self.authentication = authentication
        self.ssrf = ssrf
        self.blocklists = blocklists
        self.rules = rules
        self.content = content
        self.dlp = dlp
        self.audit = audit
        self.tls = tls
        self.dns = dns
    }

    private enum CodingKeys: String, CodingKey {
        case listen, defaultAction, limits, authentication, ssrf, blocklists, rules, content, dlp, audit, tls, dns
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(Listen.self, forKey: .listen) ?? Listen()
        defaultAction = try c.decodeIfPresent(RuleAction.self, forKey: .defaultAction) ?? .allow
        guard defaultAction == .allow || defaultAction == .deny else {
            throw DecodingError.dataCorruptedError(forKey: .defaultAction, in: c, debugDescription: "must be allow or deny")
        }
        limits = try c.decodeIfPresent(Limits.self, forKey: .limits) ?? Limits()
        authentication = try c.decodeIfPresent(Authentication.self, forKey: .authentication)
        ssrf = try c.decodeIfPresent(SSRFGuardConfiguration.self, forKey: .ssrf) ?? SSRFGuardConfiguration()
        blocklists = try c.decodeIfPresent([Blocklist].self, forKey: .blocklists) ?? []
        rules = try c.decodeIfPresent([Rule].self, forKey: .rules) ?? []
        content = try c.decodeIfPresent(ContentFilterConfiguration.self, forKey: .content) ?? ContentFilterConfiguration()
        dlp = try c.decodeIfPresent(DLPConfiguration.self, forKey: .dlp)
        audit = try c.decodeIfPresent(AuditConfiguration.self, forKey: .audit)
        tls = try c.decodeIfPresent(TLSInspectionConfiguration.self, forKey: .tls) ?? TLSInspectionConfiguration()
        dns = try c.decodeIfPresent(HTTPDNSSetting.self, forKey: .dns)
    }
}

extension ProxyConfiguration {
    /// The listening address.
    public struct Listen: Codable, Sendable, Equatable {
        /// Host or address to bind (default 127.0.0.1).
        public var host: String
        /// Port (default 3128; 0 picks a free one).
        public var port: Int

        /// 127.0.0.1:3128 unless given.
        public init(host: String = "127.0.0.1", port: Int = 3128) {
            self.host = host
            self.port = port
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            host = try c.decodeIfPresent(String.self, forKey: .host) ?? "127.0.0.1"
            port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 3128
            guard (0...65535).contains(port) else {
                throw DecodingError.dataCorruptedError(forKey: .port, in: c, debugDescription: "must be 0...65535")
            }
        }

        private enum CodingKeys: String, CodingKey { case host, port }
    }

    /// Limits against malformed, oversized and slow clients.
    public struct Limits: Codable, Sendable, Equatable {
        /// Largest request head (request line and headers) in bytes.
        public var maxHeaderBytes: Int
        /// Most header fields in one request.
        public var maxHeaderCount: Int
        /// Seconds a client has to send a complete request head.
        public var headerTimeoutSeconds: Double
        /// Seconds without any read on a connection before it is closed.
        public var idleTimeoutSeconds: Double
        /// Seconds to connect to an upstream server.
        public var connectTimeoutSeconds: Double
        /// Seconds an idle upstream keep-alive connection waits in the pool for the next request.
        public var upstreamIdleSeconds: Double
        /// Most idle upstream connections kept per upstream (scheme, host, port, address, TLS mode)
        /// and event loop; 0 turns pooling off.
        public var upstreamMaxIdlePerHost: Int

        /// 16 KiB of head, 100 fields, 10 s for a head, 60 s idle, 10 s to connect, upstream
        /// connections pooled 8 per host for 30 s.
        public init(maxHeaderBytes: Int = 16_384, maxHeaderCount: Int = 100, headerTimeoutSeconds: Double = 10,
                    idleTimeoutSeconds: Double = 60, connectTimeoutSeconds: Double = 10,
                    upstreamIdleSeconds: Double = 30, upstreamMaxIdlePerHost: Int = 64) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxHeaderCount = maxHeaderCount
            self.headerTimeoutSeconds = headerTimeoutSeconds
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.upstreamIdleSeconds = upstreamIdleSeconds
            self.upstreamMaxIdlePerHost = upstreamMaxIdlePerHost
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Limits()
            maxHeaderBytes = try c.positive(Int.self, .maxHeaderBytes) ?? d.maxHeaderBytes
            maxHeaderCount = try c.positive(Int.self, .maxHeaderCount) ?? d.maxHeaderCount
            headerTimeoutSeconds = try c.positive(Double.self, .headerTimeoutSeconds) ?? d.headerTimeoutSeconds
            idleTimeoutSeconds = try c.positive(Double.self, .idleTimeoutSeconds) ?? d.idleTimeoutSeconds
            connectTimeoutSeconds = try c.positive(Double.self, .connectTimeoutSeconds) ?? d.connectTimeoutSeconds
            upstreamIdleSeconds = try c.positive(Double.self, .upstreamIdleSeconds) ?? d.upstreamIdleSeconds
            upstreamMaxIdlePerHost = try c.decodeIfPresent(Int.self, forKey: .upstreamMaxIdlePerHost) ?? d.upstreamMaxIdlePerHost
            guard upstreamMaxIdlePerHost >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .upstreamMaxIdlePerHost, in: c, debugDescription: "must be 0 or more")
            }
        }

        private enum CodingKeys: String, CodingKey {
            case maxHeaderBytes, maxHeaderCount, headerTimeoutSeconds, idleTimeoutSeconds, connectTimeoutSeconds
            case upstreamIdleSeconds, upstreamMaxIdlePerHost
        }
    }

    /// Proxy-Authorization Basic authentication.
    public struct Authentication: Codable, Sendable, Equatable {
        /// Realm named in the 407 challenge.
        public var realm: String
        /// The users allowed in.
        public var users: [User]

        /// A realm and its users.
        public init(realm: String = "sluice", users: [User]) {
            self.realm = realm
            self.users = users
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            realm = try c.decodeIfPresent(String.self, forKey: .realm) ?? "sluice"
            users = try c.decode([User].self, forKey: .users)
        }

        private enum CodingKeys: String, CodingKey { case realm, users }

        /// One user: a name and a password hash made by `sluice proxy hash-password`
        /// (`pbkdf2-sha256$ITERATIONS$SALT$HASH`, base64).
        public struct User: Codable, Sendable, Equatable {
            /// The user name clients send.
            public var name: String
            /// The salted, iterated hash of the password.
            public var passwordHash: String

            /// A user.
            public init(name: String, passwordHash: String) {
                self.name = name
                self.passwordHash = passwordHash
            }

            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                name = try c.decode(String.self, forKey: .name)
                passwordHash = try c.decode(String.self, forKey: .passwordHash)
                guard PasswordHash(encoded: passwordHash) != nil else {
                    throw DecodingError.dataCorruptedError(forKey: .passwordHash, in: c,
                        debugDescription: "not a pbkdf2-sha256$ITERATIONS$SALT$HASH value (make one with `sluice proxy hash-password`)")
                }
            }

            private enum CodingKeys: String, CodingKey { case name, passwordHash }
        }
    }

    /// A domain blocklist file.
    public struct Blocklist: Codable, Sendable, Equatable {
        /// File path (relative paths are resolved against the configuration file's folder).
        public var path: String
        /// `hosts` (`0.0.0.0 bad.example`) or `domains` (one domain a line).
        public var format: BlocklistFormat

        /// A blocklist file.
        public init(path: String, format: BlocklistFormat = .domains) {
            self.path = path
            self.format = format
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            format = try c.decodeIfPresent(BlocklistFormat.self, forKey: .format) ?? .domains
        }

        private enum CodingKeys: String, CodingKey { case path, format }
    }

    /// The formats of blocklist files.
    public enum BlocklistFormat: String, Codable, Sendable, Equatable {
        /// hosts-file lines: an address then one or more names.
        case hosts
        /// One domain a line; `*.` prefixes and comments allowed.
        case domains
    }

    /// The JSON-lines audit log.
    public struct AuditConfiguration: Codable, Sendable, Equatable {
        /// The file appended to; `-` for standard output.
        public var path: String

        /// An audit log at `path`.
        public init(path: String) { self.path = path }
    }
}

extension KeyedDecodingContainer {
    /// Decodes an optional number that must be positive.
    func positive<T: Decodable & Comparable & Numeric>(_ type: T.Type, _ key: Key) throws -> T? {
        guard let value = try decodeIfPresent(T.self, forKey: key) else { return nil }
        guard value > 0 else { throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be positive") }
        return value
    }
}
