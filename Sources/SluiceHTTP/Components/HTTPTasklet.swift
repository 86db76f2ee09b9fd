import Sluice

/// Properties of the `http` tasklet.
public struct HTTPTaskletProperties: Decodable, Sendable, HTTPClientProperties {
    /// The URL.
    public var url: String
    /// The method (default GET).
    public var method: String?
    /// Request headers.
    public var headers: [String: String]?
    /// A request body, sent as written.
    public var body: String?
    /// The longest one request may take (default 30s).
    public var timeout: DurationText?
    /// `http://[user:password@]host:port`.
    public var proxy: String?
    /// `system`, a DNS server `ADDRESS:PORT`, or `{ server:, mocks: }`.
    public var dns: HTTPDNSSetting?
    /// A PEM file of extra trusted CA certificates.
    public var caFile: String?
}

/// Sends one request and fails the step unless the answer is 2xx: the `http` tasklet (a
/// webhook, a health check, a trigger). The status is saved in the step context as `http.status`.
public struct HTTPTasklet: Tasklet {
    let client: JobHTTPClient
    let request: JobHTTPRequest

    /// A tasklet from job-file properties.
    public init(properties: HTTPTaskletProperties, client: JobHTTPClient) throws {
        self.client = client
        request = JobHTTPRequest(method: properties.method ?? "GET", url: properties.url,
                                 headers: (properties.headers ?? [:]).headerList, body: properties.body.map { Array($0.utf8) })
        _ = try JobHTTPClient.target(of: request)
    }

    public func execute(_ context: inout TaskletContext) async throws -> RepeatStatus {
        let response = try await client.send(request)
        context.executionContext["http.status"] = .int(response.status)
        context.step.logger.info("http request done", metadata: ["request": "\(request.summary)", "status": "\(response.status)"])
        return .finished
    }
}
