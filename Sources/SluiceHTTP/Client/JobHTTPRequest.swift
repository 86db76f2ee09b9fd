import Foundation

/// One request of a ``JobHTTPClient``: method, URL, headers and an optional body.
public struct JobHTTPRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Headers in order; values may be secrets and are never logged.
    public var headers: [(name: String, value: String)]
    /// The body bytes, nil for none.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method.uppercased()
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// `METHOD scheme://host[:port]/path` with the query's values and any user info left out, for
    /// messages (a query may carry a token).
    public var summary: String { "\(method) \(Self.redacted(url))" }

    /// `url` without user info and with query values masked.
    public static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "<invalid URL>" }
        parts.user = nil
        parts.password = nil
        let names = parts.queryItems?.map(\.name) ?? []
        parts.query = nil
        parts.fragment = nil
        guard let text = parts.string else { return "<invalid URL>" }
        return names.isEmpty ? text : text + "?" + names.map { $0 + "=…" }.joined(separator: "&")
    }
}

/// A response read whole (up to the client's size limit).
public struct JobHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The headers, names as received.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
