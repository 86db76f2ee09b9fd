import Foundation
import Sluice

/// An HTTP proxy as written in a job file: `http://[user:password@]host:port`. Plain `http://`
/// requests go to it in absolute form, `https://` ones through a CONNECT tunnel. The password is
/// kept out of ``description`` and every error.
public struct HTTPProxySetting: Sendable, Hashable, CustomStringConvertible {
    /// The proxy's host name or address.
    public var host: String
    /// The proxy's port.
    public var port: Int
    /// The Basic credentials, if any: never print them.
    public var username: String?
    /// The password: never print it.
    public var password: String?

    /// Creates a setting.
    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Parses `http://[user:password@]host:port`.
    /// - Throws: a `validation` ``Sluice/BatchError`` that does not repeat the credentials.
    public init(parsing text: String) throws {
        guard let parts = URLComponents(string: text), parts.scheme?.lowercased() == "http",
              let host = parts.host, !host.isEmpty else {
            throw BatchError(.validation, "proxy '\(Self.redacted(text))' is not http://[user:password@]host:port")
        }
        guard parts.path.isEmpty || parts.path == "/", parts.query == nil else {
            throw BatchError(.validation, "proxy '\(Self.redacted(text))' must not have a path or query")
        }
        self.init(host: host, port: parts.port ?? 80,
                  username: parts.percentEncodedUser?.removingPercentEncoding, password: parts.percentEncodedPassword?.removingPercentEncoding)
    }

    /// `http://host:port`, or `http://user:******@host:port` with credentials.
    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        guard let username else { return "http://\(hostText):\(port)" }
        return "http://\(username):******@\(hostText):\(port)"
    }

    /// `text` with anything between `://` and `@` masked, for errors about unparsable settings.
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        return String(text[..<scheme.upperBound]) + "******" + String(text[at...])
    }
}
