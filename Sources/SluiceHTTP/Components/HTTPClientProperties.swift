import Foundation
import Sluice

/// The connection properties every http component shares: `timeout`, `proxy`, `dns` and
/// `ca-file` (extra trusted CA certificates, PEM).
public protocol HTTPClientProperties: Sendable {
    /// The longest one request may take (default 30s).
    var timeout: DurationText? { get }
    /// `http://[user:password@]host:port`.
    var proxy: String? { get }
    /// How names are resolved.
    var dns: HTTPDNSSetting? { get }
    /// A PEM file of extra trusted CA certificates, relative to the job file.
    var caFile: String? { get }
}

extension HTTPClientProperties {
    /// The client configuration for `context`'s step.
    func clientConfiguration(_ context: ComponentContext) throws -> JobHTTPClient.Configuration {
        var configuration = JobHTTPClient.Configuration()
        if let timeout { configuration.timeout = timeout.duration }
        if let proxy, !proxy.isEmpty {
            do { configuration.proxy = try HTTPProxySetting(parsing: proxy) } catch let error as BatchError {
                throw BatchError(.validation, "\(context.componentName): proxy: \(error.message)")
            }
        }
        configuration.resolution = try (dns ?? HTTPDNSSetting()).resolution()
        configuration.trustRootsFile = caFile.map(context.resolvePath)
        configuration.jobName = context.step?.jobName
        return configuration
    }

    /// A client for the component, closed when the job's resources are.
    func makeClient(_ context: ComponentContext) async throws -> JobHTTPClient {
        let configuration = try clientConfiguration(context)
        let logger = context.logger
        return try await context.resources.shared("http.client.\(UUID().uuidString)", create: {
            JobHTTPClient(configuration: configuration, logger: logger)
        }, close: { await $0.shutdown() })
    }
}

/// Request headers as written: a map of name → value (values may use `${env:NAME}`; they are
/// never logged).
typealias HTTPHeaderMap = [String: String]

extension Dictionary where Key == String, Value == String {
    /// The headers sorted by name, so requests are the same run to run.
    var headerList: [(name: String, value: String)] { sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
