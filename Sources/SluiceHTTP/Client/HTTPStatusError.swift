import Foundation
import Sluice

/// A response whose status is not 2xx. 5xx and 429 are `transient` (a retry may succeed), 408
/// is `timeout`, every other status `io`, so `retry.on: [transient]` retries server trouble only.
public struct HTTPStatusError: CategorizedError, Sendable, CustomStringConvertible {
    /// The status code.
    public var status: Int
    /// `METHOD URL` with query values masked.
    public var request: String
    /// The start of the response body (the proxy's reason for a refusal, an API's error text).
    public var bodyExcerpt: String

    /// Creates the error.
    public init(status: Int, request: String, body: [UInt8]) {
        self.status = status
        self.request = request
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        bodyExcerpt = text.replacingOccurrences(of: "\n", with: " ") + (body.count > 300 ? "…" : "")
    }

    public var category: ErrorCategory {
        switch status {
        case 429, 500...599: .transient
        case 408: .timeout
        default: .io
        }
    }

    public var description: String {
        "\(request) answered HTTP \(status)" + (bodyExcerpt.isEmpty ? "" : ": \(bodyExcerpt)")
    }
}
