import NIOCore

/// The head-time part of content filtering: refused request content types and declared upload sizes.
public struct RequestContentPolicy: ProxyPolicy {
    /// The content filter configuration.
    public let configuration: ContentFilterConfiguration

    /// A policy for a content filter configuration.
    public init(configuration: ContentFilterConfiguration) { self.configuration = configuration }

    public func evaluate(_ request: ProxyRequest, body: ByteBuffer?) -> PolicyOutcome {
        if let type = request.headers.first(name: "content-type")?.lowercased(),
           configuration.blockedRequestTypes.contains(where: { type.hasPrefix($0.lowercased()) }) {
            return .decide(PolicyDecision(.deny(status: 415), rule: "content.blockedRequestTypes", reason: "request content type refused"))
        }
        if let max = configuration.maxUploadBytes, let length = request.headers.first(name: "content-length").flatMap(Int.init), length > max {
            return .decide(PolicyDecision(.deny(status: 413), rule: "content.maxUploadBytes", reason: "request body larger than allowed"))
        }
        return .pass
    }
}
