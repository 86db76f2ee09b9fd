import Foundation
import NIOSSL
import SwiftASN1
import Testing
import X509
@testable import SluiceHTTPProxy

/// Leaf certificates issued by the inspection CA, and their bounded cache.
@Suite struct InspectionAuthorityTests {
    @Test(arguments: ["api.example.com", "127.0.0.1", "::1"])
    func leavesNameTheHostAndAreSignedByTheCA(host: String) throws {
        let ca = try InspectionAuthority.create(commonName: "test CA")
        let authority = try InspectionAuthority(certificatePEM: ca.certificatePEM, keyPEM: ca.keyPEM)
        let issued = try authority.issueLeaf(for: host)
        let leaf = try Certificate(derEncoded: try issued.certificate.toDERBytes())
        #expect(leaf.issuer == authority.certificate.subject)
        #expect(authority.certificate.publicKey.isValidSignature(leaf.signature, for: leaf))
        let names = try #require(try leaf.extensions.subjectAlternativeNames)
        if let bytes = InspectionAuthority.ipAddressBytes(host) {
            #expect(Array(names) == [.ipAddress(ASN1OctetString(contentBytes: bytes[...]))])
        } else {
            #expect(Array(names) == [.dnsName(host)])
        }
        #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
        #expect(leaf.notValidAfter <= authority.certificate.notValidAfter)
        #expect(leaf.notValidAfter > Date().addingTimeInterval(29 * 86_400))
    }

    @Test func leavesNeverOutliveTheCA() throws {
        let now = Date()
        let ca = try InspectionAuthority.create(years: 0, now: now)  // valid from an hour ago until now
        let authority = try InspectionAuthority(certificatePEM: ca.certificatePEM, keyPEM: ca.keyPEM)
        let leaf = try Certificate(derEncoded: try authority.issueLeaf(for: "a.test", now: now).certificate.toDERBytes())
        #expect(leaf.notValidAfter <= authority.certificate.notValidAfter)
    }

    @Test func theCacheDropsTheLeastRecentlyUsedHost() throws {
        let ca = try InspectionAuthority.create()
        let authority = try InspectionAuthority(certificatePEM: ca.certificatePEM, keyPEM: ca.keyPEM)
        let leaf = try authority.issueLeaf(for: "a.test")
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: [.certificate(leaf.certificate)],
                                                                                privateKey: .privateKey(leaf.key)))
        var cache = LeafCertificateCache(capacity: 2)
        cache.insert(context, for: "a.test", expires: 100)
        cache.insert(context, for: "b.test", expires: 100)
        #expect(cache.context(for: "a.test", now: 0) != nil)  // a is now the most recent
        cache.insert(context, for: "c.test", expires: 100)
        #expect(cache.count == 2)
        #expect(cache.contains("a.test") && cache.contains("c.test") && !cache.contains("b.test"))
        #expect(cache.context(for: "a.test", now: 100) == nil)  // expired
    }
}
