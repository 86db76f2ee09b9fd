import NIOCore
import NIOHTTP1
import Testing
@testable import SluiceHTTPProxy

@Suite struct BodyScannerTests {
    let allocator = ByteBufferAllocator()
    static let card = "4111 1111 1111 1111"  // Luhn-valid test number

    private func scanAll(_ chunks: [String], detectors: [BodyDetector], overlap: Int = 512) -> (String?, String?, BodyScanner.Findings) {
        var scanner = BodyScanner(detectors: detectors, overlap: overlap)
        var output = ""
        for chunk in chunks {
            switch scanner.scan(ByteBuffer(string: chunk), allocator: allocator) {
            case .forward(let bytes): output += String(buffer: bytes)
            case .block(let type): return (nil, type, scanner.findings)
            }
        }
        switch scanner.finish(allocator: allocator) {
        case .forward(let bytes): output += String(buffer: bytes)
        case .block(let type): return (nil, type, scanner.findings)
        }
        return (output, nil, scanner.findings)
    }

    @Test func luhn() {
        #expect(Luhn.isValid(Array("4111111111111111".utf8)))
        #expect(Luhn.isValid(Array("5500-0000-0000-0004".utf8)))
        #expect(!Luhn.isValid(Array("4111111111111112".utf8)))
        #expect(!Luhn.isValid(Array("123".utf8)))
    }

    @Test func blocksLuhnValidCardsOnly() {
        let block = [BodyDetector.builtIn(.card, action: .block)]
        #expect(scanAll(["pay with \(Self.card) now"], detectors: block).1 == "card")
        #expect(scanAll(["order 4111 1111 1111 1112 shipped"], detectors: block).0 == "order 4111 1111 1111 1112 shipped")
        #expect(scanAll(["id 41111111111111110000 long"], detectors: block).1 == nil)  // part of a longer number
    }

    @Test func redactsAcrossChunkBoundaries() {
        let redact = [BodyDetector.builtIn(.card, action: .redact), BodyDetector.builtIn(.email, action: .redact)]
        let (output, blocked, findings) = scanAll(["card=4111 1111 ", "1111 1111&mail=jo", "e@example.com&x=1"], detectors: redact, overlap: 64)
        #expect(blocked == nil)
        #expect(output == "card=" + String(repeating: "*", count: 19) + "&mail=" + String(repeating: "*", count: 15) + "&x=1")
        #expect(findings == ["card": 1, "email": 1])
    }

    @Test func logOnlyForwardsUnchanged() {
        let (output, _, findings) = scanAll(["token: Bearer abcdefghijklmnopqrstuvwxyz123456"], detectors: [BodyDetector.builtIn(.bearerToken, action: .log)])
        #expect(output == "token: Bearer abcdefghijklmnopqrstuvwxyz123456")
        #expect(findings == ["bearerToken": 1])
    }

    @Test(arguments: [
        (DLPDetectorKind.email, "contact: alice.smith+x@mail.example.org"),
        (.privateKey, "-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
        (.privateKey, "-----BEGIN PRIVATE KEY-----"),
        (.cloudKey, "aws_access_key_id=AKIAIOSFODNN7EXAMPLE"),
        (.cloudKey, "key=AIzaSyA1234567890abcdefghijklmnopqrstuv"),
        (.bearerToken, "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0"),
    ])
    func builtInDetectorsFind(kind: DLPDetectorKind, text: String) {
        #expect(scanAll([text], detectors: [BodyDetector.builtIn(kind, action: .block)]).1 == kind.rawValue)
    }

    @Test func keywordsAndCustomPatterns() throws {
        #expect(scanAll(["this is top.secret stuff"], detectors: [BodyDetector.keyword("top.secret")]).1 == "keyword")
        #expect(scanAll(["this is topXsecret stuff"], detectors: [BodyDetector.keyword("top.secret")]).1 == nil)
        let custom = try BodyDetector(type: "employee-id", action: .block, pattern: "EMP-[0-9]{6}")
        #expect(scanAll(["user EMP-123456"], detectors: [custom]).1 == "employee-id")
    }

    @Test func withoutDetectorsChunksPassUntouched() {
        var scanner = BodyScanner(detectors: [])
        guard case .forward(let bytes) = scanner.scan(ByteBuffer(string: "abc"), allocator: allocator) else {
            Issue.record("blocked")
            return
        }
        #expect(String(buffer: bytes) == "abc")
    }

    @Test func downloadSignatures() {
        #expect(DownloadSignature.detect(Array(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#.utf8)) == "eicar")
        #expect(DownloadSignature.detect([0x7F, 0x45, 0x4C, 0x46, 2]) == "elf")
        #expect(DownloadSignature.detect(Array("MZ\u{90}\0".utf8)) == "pe")
        #expect(DownloadSignature.detect(Array("%PDF-1.7".utf8)) == nil)
    }
}

@Suite struct RequestHeadValidatorTests {
    let limits = ProxyConfiguration.Limits(maxHeaderBytes: 1_000, maxHeaderCount: 5)

    private func check(_ headers: [(String, String)], version: HTTPVersion = .http1_1) -> String? {
        RequestHeadValidator.validate(HTTPRequestHead(version: version, method: .POST, uri: "http://h/", headers: HTTPHeaders(headers)), limits: limits)?.reason
    }

    @Test func acceptsOrdinaryHeads() {
        #expect(check([("Host", "h"), ("Content-Length", "5")]) == nil)
        #expect(check([("Transfer-Encoding", "chunked")]) == nil)
    }

    @Test func refusesSmugglingShapes() {
        #expect(check([("Content-Length", "5"), ("Transfer-Encoding", "chunked")]) == "Content-Length with Transfer-Encoding")
        #expect(check([("Content-Length", "5"), ("Content-Length", "6")]) == "conflicting Content-Length headers")
        #expect(check([("Content-Length", "5, 6")]) == "conflicting Content-Length headers")
        #expect(check([("Content-Length", "-1")]) == "malformed Content-Length")
        #expect(check([("Transfer-Encoding", "gzip, chunked")]) == "Transfer-Encoding other than chunked")
        #expect(check([("Transfer-Encoding", "chunked")], version: .http1_0) == "Transfer-Encoding in HTTP/1.0")
        #expect(check([("Host", "a"), ("Host", "b")]) == "several Host headers")
        #expect(check([("X-A", "a\u{1}b")]) == "invalid byte in a header value")
        #expect(check([("X A", "b")]) == "invalid byte in a header name")
    }

    @Test func refusesOversizedHeads() {
        #expect(check((0..<6).map { ("X-\($0)", "v") }) == "more than 5 header fields")
        #expect(check([("X-Big", String(repeating: "a", count: 2_000))]) == "request head larger than 1000 bytes")
    }
}
