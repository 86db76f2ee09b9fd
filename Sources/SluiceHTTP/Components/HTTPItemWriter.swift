import Sluice

/// Properties of the `http` writer.
public struct HTTPWriterProperties: Decodable, Sendable, HTTPClientProperties {
    /// The URL items are sent to.
    public var url: String
    /// POST (default), PUT or PATCH.
    public var method: String?
    /// Request headers (`Content-Type: application/json` unless given).
    public var headers: [String: String]?
    /// `chunk` (default): one request per chunk with a JSON array of its items; `item`: one
    /// request per item with a JSON object.
    public var batch: Batch?
    /// The longest one request may take (default 30s).
    public var timeout: DurationText?
    /// `http://[user:password@]host:port`.
    public var proxy: String?
    /// `system`, a DNS server `ADDRESS:PORT`, or `{ server:, mocks: }`.
    public var dns: HTTPDNSSetting?
    /// A PEM file of extra trusted CA certificates.
    public var caFile: String?

    /// How items are grouped into requests.
    public enum Batch: String, Decodable, Sendable {
        case chunk, item
    }
}

/// Sends each chunk to an HTTP endpoint as JSON: the `http` writer. A non-2xx answer fails the
/// chunk with an ``HTTPStatusError`` (5xx and 429 are `transient`, so `retry.on: [transient]`
/// sends the chunk again); with `batch: item` the error names the item.
public struct HTTPItemWriter: ItemWriter {
    public typealias Item = Record

    let client: JobHTTPClient
    let url: String
    let method: String
    let headers: [(name: String, value: String)]
    let batch: HTTPWriterProperties.Batch

    /// A writer from job-file properties.
    public init(properties: HTTPWriterProperties, client: JobHTTPClient) throws {
        self.client = client
        url = properties.url
        method = properties.method ?? "POST"
        var headers = (properties.headers ?? [:]).headerList
        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) { headers.insert(("Content-Type", "application/json"), at: 0) }
        self.headers = headers
        batch = properties.batch ?? .chunk
        _ = try JobHTTPClient.target(of: JobHTTPRequest(url: url))
    }

    /// Sends the chunk (or each of its items).
    public func write(_ chunk: Chunk<Record>) async throws {
        switch batch {
        case .chunk:
            guard !chunk.items.isEmpty else { return }
            let body = JSONDocument.array(chunk.items.map { JSONDocument($0) }).text
            _ = try await client.send(JobHTTPRequest(method: method, url: url, headers: headers, body: Array(body.utf8)))
        case .item:
            for (index, record) in chunk.items.enumerated() {
                do {
                    _ = try await client.send(JobHTTPRequest(method: method, url: url, headers: headers, body: Array(JSONDocument(record).text.utf8)))
                } catch let error as HTTPStatusError {
                    throw BatchError(error.category, "item \(index + 1) of the chunk: \(error)")
                }
            }
        }
    }
}
