import NIOHTTP1

/// Rejects request heads that are oversized or could smuggle a second request past the proxy:
/// too many or too large headers, bytes not allowed in names or values, conflicting
/// Content-Length, Content-Length together with Transfer-Encoding, codings other than `chunked`,
/// several Host headers.
enum RequestHeadValidator {
    /// A refusal: the status to answer and why.
    struct Refusal: Error, Equatable {
        let status: HTTPResponseStatus
        let reason: String
    }

    /// `nil` when the head is acceptable.
    static func validate(_ head: HTTPRequestHead, limits: ProxyConfiguration.Limits) -> Refusal? {
        if head.headers.count > limits.maxHeaderCount {
            return Refusal(status: .requestHeaderFieldsTooLarge, reason: "more than \(limits.maxHeaderCount) header fields")
        }
        var size = head.method.rawValue.utf8.count + head.uri.utf8.count + 12
        for (name, value) in head.headers { size += name.utf8.count + value.utf8.count + 4 }
        if size > limits.maxHeaderBytes {
            return Refusal(status: .requestHeaderFieldsTooLarge, reason: "request head larger than \(limits.maxHeaderBytes) bytes")
        }
        for (name, value) in head.headers {
            if name.isEmpty || !name.utf8.allSatisfy(isTokenByte) { return Refusal(status: .badRequest, reason: "invalid byte in a header name") }
            if !value.utf8.allSatisfy(isValueByte) { return Refusal(status: .badRequest, reason: "invalid byte in a header value") }
        }
        if head.uri.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) { return Refusal(status: .badRequest, reason: "invalid byte in the request target") }
        let lengths = head.headers["content-length"].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if lengths.contains(where: { $0.isEmpty || !$0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) {
            return Refusal(status: .badRequest, reason: "malformed Content-Length")
        }
        if Set(lengths).count > 1 { return Refusal(status: .badRequest, reason: "conflicting Content-Length headers") }
        let codings = head.headers["transfer-encoding"].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if !codings.isEmpty {
            if !lengths.isEmpty { return Refusal(status: .badRequest, reason: "Content-Length with Transfer-Encoding") }
            if codings != ["chunked"] { return Refusal(status: .notImplemented, reason: "Transfer-Encoding other than chunked") }
            if head.version.major == 1 && head.version.minor == 0 { return Refusal(status: .badRequest, reason: "Transfer-Encoding in HTTP/1.0") }
        }
        if head.headers["host"].count > 1 { return Refusal(status: .badRequest, reason: "several Host headers") }
        return nil
    }

    /// RFC 9110 tchar.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Field-value bytes: visible characters, space, tab and obs-text; no other control bytes.
    private static func isValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }
}
