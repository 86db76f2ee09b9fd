import NIOCore

extension RuleMatch {
    /// Whether the request meets every condition given (the body one only when `body` is given).
    func matches(_ request: ProxyRequest, body: ByteBuffer?) -> Bool {
        matchesHead(request) && (bodyContains == nil || body.map(bodyMatches) == true)
    }

    /// Whether the request meets every condition but the body one.
    func matchesHead(_ request: ProxyRequest) -> Bool {
        if let hosts, !hosts.contains(where: { HostPattern.matches($0, host: request.host) }) { return false }
        if let ports, !ports.contains(request.port) { return false }
        if let schemes, !schemes.contains(where: { $0.lowercased() == request.scheme }) { return false }
        if let methods, !methods.contains(where: { $0.uppercased() == request.method }) { return false }
        if let paths, !paths.contains(where: { Glob.matches($0, request.pathWithoutQuery) }) { return false }
        if let urls, !urls.contains(where: { Glob.matches($0, request.url) }) { return false }
        if let users, !users.contains(where: { $0 == request.user }) { return false }
        if let jobs, !jobs.contains(where: { $0 == request.job }) { return false }
        if let headers {
            for (name, value) in headers where !request.headers[name].contains(value) { return false }
        }
        return true
    }

    private func bodyMatches(_ body: ByteBuffer) -> Bool {
        guard let needle = bodyContains else { return true }
        return String(buffer: body).contains(needle)
    }
}

extension ProxyRequest {
    /// The path without its query string.
    var pathWithoutQuery: String {
        guard let index = path.firstIndex(of: "?") else { return path }
        return String(path[..<index])
    }
}

/// Host patterns: exact, `*` for any, `*.example.com` for the domain and its subdomains.
enum HostPattern {
    /// Whether `host` (lower-case) matches `pattern`.
    static func matches(_ pattern: String, host: String) -> Bool {
        let pattern = pattern.lowercased()
        if pattern == "*" { return true }
        if pattern.hasPrefix("*.") {
            let domain = pattern.dropFirst(2)
            return host == domain || host.hasSuffix("." + domain)
        }
        return host == pattern
    }
}

/// Glob patterns: `*` any characters, `?` one character, everything else literal.
enum Glob {
    /// Whether the whole `text` matches `pattern`.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
