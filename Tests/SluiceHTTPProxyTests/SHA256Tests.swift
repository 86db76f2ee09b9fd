import Testing
@testable import SluiceHTTPProxy
import Sluice

@Suite struct SHA256Tests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func digestsMatchTheStandardVectors() {
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hmacMatchesRFC4231() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(hex(SHA256.hmac(key: key, message: Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func pbkdf2MatchesKnownVectors() {
        #expect(hex(SHA256.pbkdf2(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 1))
            == "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b")
        #expect(hex(SHA256.pbkdf2(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 2))
            == "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43")
    }

    @Test func passwordHashesVerifyOnlyTheirPassword() throws {
        let hash = PasswordHash(password: "s3cret", iterations: 100)
        let decoded = try #require(PasswordHash(encoded: hash.encoded))
        #expect(decoded.verify("s3cret"))
        #expect(!decoded.verify("s3cret!"))
        #expect(PasswordHash(encoded: "sha1$1$abc$def") == nil)
        #expect(PasswordHash(encoded: "pbkdf2-sha256$x$AA==$AA==") == nil)
    }

    @Test func authenticatorChecksBasicCredentials() {
        let hash = PasswordHash(password: "pw", iterations: 10).encoded
        let auth = ProxyAuthenticator(configuration: .init(users: [.init(name: "alice", passwordHash: hash)]))
        #expect(auth.authenticate("Basic YWxpY2U6cHc=") == "alice")  // alice:pw
        #expect(auth.authenticate("Basic YWxpY2U6cHc=") == "alice")  // from the cache
        #expect(auth.authenticate("Basic YWxpY2U6eHg=") == nil)      // alice:xx
        #expect(auth.authenticate("Bearer abc") == nil)
        #expect(auth.authenticate("Basic !!!") == nil)
        #expect(auth.authenticate(nil) == nil)
    }
}
