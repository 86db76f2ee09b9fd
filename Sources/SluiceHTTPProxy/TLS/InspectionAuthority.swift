import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The local certificate authority of TLS inspection: signs, for each inspected host, a leaf
/// certificate (SAN = the host) that clients trusting the CA accept.
public struct InspectionAuthority: Sendable {
    /// The CA certificate.
    public let certificate: Certificate
    private let key: Certificate.PrivateKey
    let nioCertificate: NIOSSLCertificate

    /// A CA from its PEM certificate and PEM private key (PKCS#8, SEC1 or PKCS#1; P-256, P-384, P-521 or RSA).
    public init(certificatePEM: String, keyPEM: String) throws {
        certificate = try Certificate(pemEncoded: certificatePEM)
        key = try Certificate.PrivateKey(pemEncoded: keyPEM)
        guard key.publicKey == certificate.publicKey else { throw InspectionAuthorityError.keyDoesNotMatch }
        nioCertificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
    }

    /// A leaf certificate and its new P-256 key for `host` (a DNS name or an IP address), valid
    /// from an hour ago for `days` days but never beyond the CA's own expiry.
    func issueLeaf(for host: String, days: Int = 30, now: Date = Date()) throws -> (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey) {
        let leafKey = P256.Signing.PrivateKey()
        let name: GeneralName
        if let bytes = Self.ipAddressBytes(host) {
            name = .ipAddress(ASN1OctetString(contentBytes: bytes[...]))
        } else {
            name = .dnsName(host)
        }
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames([name])
            SubjectKeyIdentifier(hash: Certificate.PublicKey(leafKey.publicKey))
        }
        if let authorityKey = (try? certificate.extensions.subjectKeyIdentifier) ?? nil {
            try extensions.append(Certificate.Extension(AuthorityKeyIdentifier(keyIdentifier: authorityKey.keyIdentifier), critical: false))
        }
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(leafKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: min(now.addingTimeInterval(Double(days) * 86_400), certificate.notValidAfter),
            issuer: certificate.subject, subject: try DistinguishedName { CommonName(String(host.prefix(64))) },
            extensions: extensions, issuerPrivateKey: key)
        var serializer = DER.Serializer()
        try serializer.serialize(leaf)
        return (try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der),
                try NIOSSLPrivateKey(bytes: Array(leafKey.pemRepresentation.utf8), format: .pem))
    }

    /// A new CA (P-256 key, 10 years) for users to install in their clients: the certificate and key as PEM.
    public static func create(commonName: String = "Sluice proxy local CA", years: Int = 10, now: Date = Date()) throws
        -> (certificatePEM: String, keyPEM: String) {
        let key = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName {
            OrganizationName("Sluice")
            CommonName(commonName)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(Double(years) * 365 * 86_400),
            issuer: name, subject: name,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: privateKey.publicKey)
            },
            issuerPrivateKey: privateKey)
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }

    /// The 4 or 16 bytes of an IP address literal, nil for a host name.
    static func ipAddressBytes(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

/// Why a CA cannot be used.
public enum InspectionAuthorityError: Error, CustomStringConvertible, Sendable {
    /// The key is not the certificate's.
    case keyDoesNotMatch

    public var description: String {
        switch self {
        case .keyDoesNotMatch: "the CA key does not belong to the CA certificate"
        }
    }
}
