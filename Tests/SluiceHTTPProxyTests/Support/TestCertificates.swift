import Crypto
import Foundation
import NIOSSL
import SluiceHTTPProxy
import SwiftASN1
import X509

/// The certificates of the TLS tests: the proxy's inspection CA, and a separate CA with the
/// HTTPS upstream's certificate (names `localhost` and `127.0.0.1`).
struct TestCertificates {
    /// The proxy's CA, PEM: what clients trust for inspected hosts.
    let proxyCA: String
    let proxyCAKey: String
    /// The upstream's CA, PEM: what the proxy (tls.upstreamTrust) and opaque-tunnel clients trust.
    let upstreamCA: String
    /// The upstream server's TLS context.
    let upstreamContext: NIOSSLContext

    /// The files a proxy configuration names: ca.pem, ca-key.pem, upstream-ca.pem.
    var files: [String: String] { ["ca.pem": proxyCA, "ca-key.pem": proxyCAKey, "upstream-ca.pem": upstreamCA] }

    static func make() throws -> TestCertificates {
        let proxy = try InspectionAuthority.create(commonName: "Sluice test proxy CA")
        let upstreamKey = P256.Signing.PrivateKey()
        let upstreamIssuer = Certificate.PrivateKey(upstreamKey)
        let issuerName = try DistinguishedName { CommonName("Sluice test upstream CA") }
        let now = Date()
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: upstreamIssuer.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: issuerName, subject: issuerName,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: upstreamIssuer)
        let leafKey = P256.Signing.PrivateKey()
        let leaf = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: issuerName,
            subject: try DistinguishedName { CommonName("localhost") },
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: upstreamIssuer)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(try leaf.serializeAsPEM().pemString.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(leafKey.pemRepresentation.utf8), format: .pem)))
        return TestCertificates(proxyCA: proxy.certificatePEM, proxyCAKey: proxy.keyPEM,
                                upstreamCA: try ca.serializeAsPEM().pemString, upstreamContext: try NIOSSLContext(configuration: configuration))
    }
}

/// Runs an HTTPS upstream and a proxy (with the test certificates' files) around a test body.
func withTLSProxy(_ yaml: String, certificates: TestCertificates, files: [String: String] = [:],
                  _ body: (ProxyHarness, TestUpstream) async throws -> Void) async throws {
    let upstream = try await TestUpstream.start(tls: certificates.upstreamContext)
    let proxy = try await ProxyHarness.start(yaml, files: certificates.files.merging(files) { $1 })
    do {
        try await body(proxy, upstream)
    } catch {
        await proxy.stop()
        await upstream.stop()
        throw error
    }
    await proxy.stop()
    await upstream.stop()
}
