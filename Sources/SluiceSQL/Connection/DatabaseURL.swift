import Foundation
import Sluice

/// A parsed connection URL: `sqlite:PATH`, `postgres://USER:PASS@HOST:PORT/DB?sslmode=...`,
/// `mysql://...`. The password may be written as `${env:NAME}` or `${file:PATH}` and is resolved
/// when the URL is parsed; ``description`` never shows it.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The scheme: `sqlite`, `postgres` (also `postgresql`), `mysql`.
    public var scheme: String
    /// The user, for network databases.
    public var user: String?
    /// The resolved password; never printed.
    public var password: String?
    /// The host.
    public var host: String?
    /// The port.
    public var port: Int?
    /// The database name, or the file path for SQLite.
    public var database: String
    /// Query options such as `sslmode`.
    public var options: [String: String]

    /// A SQLite database file at `path` (any characters allowed).
    public static func sqlite(path: String) -> DatabaseURL {
        DatabaseURL(scheme: "sqlite", database: path)
    }

    /// A URL from its parts.
    public init(scheme: String, user: String? = nil, password: String? = nil, host: String? = nil, port: Int? = nil,
                database: String, options: [String: String] = [:]) {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.options = options
    }

    /// Parses a URL, resolving `${env:NAME}` and `${file:PATH}` in the password. Errors name the
    /// problem but never contain the password.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let colon = text.firstIndex(of: ":") else {
            throw BatchError(.validation, "connection URL '\(Self.redact(text))' has no scheme (sqlite:, postgres://, mysql://)")
        }
        scheme = String(text[..<colon]).lowercased()
        if scheme == "postgresql" { scheme = "postgres" }
        var rest = String(text[text.index(after: colon)...])
        options = [:]
        user = nil
        password = nil
        host = nil
        port = nil
        if scheme == "sqlite" || scheme == "memory" {
            if rest.hasPrefix("//") { rest.removeFirst(2) }
            database = rest
            return
        }
        guard rest.hasPrefix("//") else {
            throw BatchError(.validation, "connection URL '\(Self.redact(text))' must look like \(scheme)://USER:PASS@HOST:PORT/DB")
        }
        rest.removeFirst(2)
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                options[String(kv[0])] = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
            }
            rest = String(rest[..<q])
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = String(rest[rest.index(after: at)...])
            if let c = credentials.firstIndex(of: ":") {
                user = String(credentials[..<c]).removingPercentEncoding
                password = try Self.resolveSecret(String(credentials[credentials.index(after: c)...]), environment: environment)
            } else {
                user = String(credentials).removingPercentEncoding
            }
        }
        let hostPort: Substring
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            database = String(rest[rest.index(after: slash)...])
        } else {
            hostPort = Substring(rest)
            database = ""
        }
        if let c = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<c])
            guard let p = Int(hostPort[hostPort.index(after: c)...]), (1...65535).contains(p) else {
                throw BatchError(.validation, "connection URL '\(Self.redact(text))' has an invalid port")
            }
            port = p
        } else {
            host = hostPort.isEmpty ? nil : String(hostPort)
        }
    }

    /// The URL with the password replaced by `******`.
    public var description: String {
        switch scheme {
        case "sqlite", "memory": return "\(scheme):\(database)"
        default:
            var s = "\(scheme)://"
            if let user { s += user + (password != nil ? ":\(JobParameter.mask)" : "") + "@" }
            s += host ?? ""
            if let port { s += ":\(port)" }
            s += "/\(database)"
            if !options.isEmpty { s += "?" + options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: "&") }
            return s
        }
    }

    /// Masks the password part of a URL text that could not be parsed.
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
              at.lowerBound > schemeEnd.upperBound else { return text }
        let credentials = text[schemeEnd.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":" + JobParameter.mask + String(text[at.lowerBound...])
    }

    /// Resolves `${env:NAME}` and `${file:PATH}` (trailing newline trimmed); other text is percent-decoded.
    static func resolveSecret(_ raw: String, environment: [String: String]) throws -> String {
        if raw.hasPrefix("${env:"), raw.hasSuffix("}") {
            let name = String(raw.dropFirst(6).dropLast())
            guard let value = environment[name] else {
                throw BatchError(.validation, "connection password refers to environment variable \(name), which is not set")
            }
            return value
        }
        if raw.hasPrefix("${file:"), raw.hasSuffix("}") {
            let path = String(raw.dropFirst(7).dropLast())
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw BatchError(.validation, "connection password file \(path) cannot be read")
            }
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
        return raw.removingPercentEncoding ?? raw
    }
}
