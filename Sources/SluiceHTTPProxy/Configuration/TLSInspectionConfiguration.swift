/// TLS settings: inspection of chosen hosts with a local CA, and how upstream servers are trusted.
///
/// ```yaml
/// tls:
///   ca: { certificate: ca.pem, key: "${file:/run/secrets/ca-key.pem}" }
///   inspect: [api.example.com, "*.storage.example.com"]
///   upstreamTrust: extra-roots.pem
/// ```
public struct TLSInspectionConfiguration: Codable, Sendable, Equatable {
    /// The local certificate authority that signs the leaf certificates shown to clients.
    public var ca: CertificateAuthorityFiles?
    /// Host patterns (exact, `*.example.com`, `*`) whose CONNECT tunnels are inspected.
    public var inspect: [String]
    /// A PEM bundle of CA certificates trusted for upstream servers besides the system roots.
    public var upstreamTrust: String?
    /// Whether upstream server certificates are verified (on by default; off only for tests).
    public var verifyUpstream: Bool
    /// How many leaf certificates are kept (least recently used ones are dropped).
    public var leafCacheSize: Int

    /// No inspection; system roots for upstream servers.
    public init(ca: CertificateAuthorityFiles? = nil, inspect: [String] = [], upstreamTrust: String? = nil,
                verifyUpstream: Bool = true, leafCacheSize: Int = 1000) {
        self.ca = ca
        self.inspect = inspect
        self.upstreamTrust = upstreamTrust
        self.verifyUpstream = verifyUpstream
        self.leafCacheSize = leafCacheSize
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ca = try c.decodeIfPresent(CertificateAuthorityFiles.self, forKey: .ca)
        inspect = try c.decodeIfPresent([String].self, forKey: .inspect) ?? []
        upstreamTrust = try c.decodeIfPresent(String.self, forKey: .upstreamTrust)
        verifyUpstream = try c.decodeIfPresent(Bool.self, forKey: .verifyUpstream) ?? true
        leafCacheSize = try c.positive(Int.self, .leafCacheSize) ?? 1000
        if !inspect.isEmpty, ca == nil {
            throw DecodingError.keyNotFound(CodingKeys.ca, .init(codingPath: c.codingPath,
                debugDescription: "inspecting hosts needs a ca (make one with `sluice proxy ca create --out DIR`)"))
        }
    }

    private enum CodingKeys: String, CodingKey { case ca, inspect, upstreamTrust, verifyUpstream, leafCacheSize }

    /// Where the CA certificate and key are.
    public struct CertificateAuthorityFiles: Codable, Sendable, Equatable {
        /// The CA certificate, a PEM file (relative to the configuration file).
        public var certificate: String
        /// The CA private key: a PEM file path, or `${file:PATH}` / `${env:NAME}` giving the PEM text.
        public var key: String

        /// A CA's files.
        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }
}
