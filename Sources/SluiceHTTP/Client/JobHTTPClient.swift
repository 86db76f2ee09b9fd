import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Sluice
import Synchronization

/// The HTTP client of Sluice jobs: HTTP/1.1 over keep-alive connection pools (per host, bounded),
/// TLS with SNI and certificate checks on the URL's host, a per-request timeout, an optional
/// HTTP proxy (absolute form for `http://`, CONNECT for `https://`, sending `X-Sluice-Job` so the
/// Sluice proxy's `jobs:` rules apply), and pluggable name resolution (``HTTPNameResolution``).
///
/// Built on AsyncHTTPClient. Names resolved through Sluice DNS are handed to it as a DNS override
/// (connect to this address, keep the host name for TLS), one underlying client per resolved
/// host; with a proxy, the proxy resolves the target and only the proxy's own name is resolved here.
///
/// Errors are categorized for retry policies: ``HTTPStatusError`` for non-2xx answers and
/// ``Sluice/BatchError`` with `connection`, `timeout` or `io` for the rest; messages name the
/// method, host and path, never a header value, query value or proxy password.
public final class JobHTTPClient: Sendable {
    /// What every request of the client shares.
    public struct Configuration: Sendable {
        /// The longest one request may take, from sending to the last body byte (default 30s).
        public var timeout: Duration = .seconds(30)
        /// An HTTP proxy, nil for direct connections.
        public var proxy: HTTPProxySetting?
        /// How host names are resolved.
        public var resolution: HTTPNameResolution = .system
        /// A PEM file of extra trusted CA certificates (for a private CA), nil for the system's.
        public var trustRootsFile: String?
        /// The largest response body read (default 16 MiB); a larger one is an `io` error.
        public var maximumResponseBytes: Int = 16 << 20
        /// Connections kept per host (default 8).
        public var connectionsPerHost: Int = 8
        /// Sent as `X-Sluice-Job` to a proxy, so its `jobs:` rules and audit log know the job.
        public var jobName: String?

        /// The defaults.
        public init() {}
    }

    /// The configuration.
    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let clients = Mutex<[String: HTTPClient]>([:])
    /// The most underlying clients kept (one per resolved host); the oldest is closed beyond.
    static let maximumClients = 32

    /// A client; call ``shutdown()`` when done.
    public init(configuration: Configuration = Configuration(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "sluice.http")) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
    }

    /// Sends `request` and reads the whole response (any status).
    /// - Throws: categorized errors naming the request; never a ``HTTPStatusError`` (see ``send(_:)``).
    public func execute(_ request: JobHTTPRequest) async throws -> JobHTTPResponse {
        let target = try Self.target(of: request)
        let override: String?
        do {
            override = configuration.proxy == nil ? try await configuration.resolution.address(of: target.host) : nil
        } catch let error as BatchError {
            throw BatchError(error.category, "\(request.summary): \(error.message)")
        }
        if let proxy = configuration.proxy, target.scheme == "http" {
            return try await sendAbsoluteForm(request, proxy: proxy, target: target)
        }
        let client = try await client(host: target.host, address: override)
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if configuration.proxy != nil, let job = configuration.jobName { outgoing.headers.replaceOrAdd(name: "X-Sluice-Job", value: job) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let via = override.map { " (\(target.host) → \($0))" } ?? ""
        logger.debug("http request", metadata: ["request": "\(request.summary)", "via": "\(override ?? configuration.proxy?.description ?? "direct")"])
        do {
            let response = try await client.execute(outgoing, timeout: Self.timeAmount(configuration.timeout), logger: logger)
            let body = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            return JobHTTPResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                   body: Array(buffer: body))
        } catch is NIOTooManyBytesError {
            throw BatchError(.io, "\(request.summary): the response is larger than \(configuration.maximumResponseBytes) bytes")
        } catch {
            throw classify(error, request: request, target: target, via: via)
        }
    }

    /// A plain `http://` request through the proxy, in absolute form.
    private func sendAbsoluteForm(_ request: JobHTTPRequest, proxy: HTTPProxySetting,
                                  target: (scheme: String, host: String, port: Int)) async throws -> JobHTTPResponse {
        let address = try await configuration.resolution.address(of: proxy.host) ?? proxy.host
        let extra = configuration.jobName.map { [("X-Sluice-Job", $0)] } ?? []
        do {
            return try await ProxyAbsoluteFormExchange.send(request, proxy: proxy, address: address, extraHeaders: extra, timeout: configuration.timeout,
                                                            maximumBytes: configuration.maximumResponseBytes, group: group)
        } catch is HTTPExchangeTooLarge {
            throw BatchError(.io, "\(request.summary): the response is larger than \(configuration.maximumResponseBytes) bytes")
        } catch is HTTPExchangeTimeout {
            throw BatchError(.timeout, "\(request.summary): no answer through proxy \(proxy) within \(configuration.timeout)")
        } catch is HTTPClientConnectionClosed {
            throw BatchError(.connection, "\(request.summary): the proxy \(proxy) closed the connection before answering")
        } catch {
            throw classify(error, request: request, target: target, via: "")
        }
    }

    /// Sends `request` and returns the response when its status is 2xx.
    /// - Throws: ``HTTPStatusError`` for any other status, or what ``execute(_:)`` throws.
    public func send(_ request: JobHTTPRequest) async throws -> JobHTTPResponse {
        let response = try await execute(request)
        guard response.isSuccess else { throw HTTPStatusError(status: response.status, request: request.summary, body: response.body) }
        return response
    }

    /// Closes every connection.
    public func shutdown() async {
        let all = clients.withLock { clients in defer { clients = [:] }; return Array(clients.values) }
        for client in all { try? await client.shutdown() }
    }

    /// The scheme, host and port of the request's URL.
    static func target(of request: JobHTTPRequest) throws -> (scheme: String, host: String, port: Int) {
        guard let url = URLComponents(string: request.url), let scheme = url.scheme?.lowercased(),
              let host = url.host, !host.isEmpty else {
            throw BatchError(.validation, "'\(JobHTTPRequest.redacted(request.url))' is not an absolute http:// or https:// URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw BatchError(.validation, "\(request.summary): unsupported scheme '\(scheme)' (use http or https)")
        }
        return (scheme, host, url.port ?? (scheme == "https" ? 443 : 80))
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// The underlying client for `host` connecting to `address` (nil: the host itself).
    private func client(host: String, address: String?) async throws -> HTTPClient {
        let key = address.map { "\(host)=\($0)" } ?? ""
        if let existing = clients.withLock({ $0[key] }) { return existing }
        var settings = try await underlyingConfiguration()
        if let address { settings.dnsOverride = [host: address] }
        let made = HTTPClient(eventLoopGroup: group, configuration: settings, backgroundActivityLogger: logger)
        let (client, evicted): (HTTPClient, HTTPClient?) = clients.withLock { clients in
            if let raced = clients[key] { return (raced, made) }
            var evicted: HTTPClient?
            if clients.count >= Self.maximumClients, let victim = clients.keys.first(where: { $0 != "" }) {
                evicted = clients.removeValue(forKey: victim)
            }
            clients[key] = made
            return (made, evicted)
        }
        if let evicted { try? await evicted.shutdown() }
        return client
    }

    /// The AsyncHTTPClient settings shared by every underlying client.
    private func underlyingConfiguration() async throws -> HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustRootsFile {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(file))]
            } catch {
                throw BatchError(.validation, "cannot read the CA certificates in '\(file)': \(error)")
            }
        }
        let timeout = Self.timeAmount(configuration.timeout)
        var settings = HTTPClient.Configuration()
        settings.tlsConfiguration = tls
        settings.redirectConfiguration = .disallow
        settings.timeout = .init(connect: timeout, read: timeout)
        settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connectionsPerHost)
        // Fail a request on the first connection error (the step's retry policy decides what
        // happens next) instead of retrying quietly until the deadline.
        settings.connectionPool.retryConnectionEstablishment = false
        settings.proxy = try await proxy()
        settings.decompression = .disabled
        settings.httpVersion = .http1Only
        return settings
    }

    /// The proxy for AsyncHTTPClient, its host resolved through the configured resolution.
    private func proxy() async throws -> HTTPClient.Configuration.Proxy? {
        guard let proxy = configuration.proxy else { return nil }
        let address = try await configuration.resolution.address(of: proxy.host) ?? proxy.host
        let authorization = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
        var headers = HTTPHeaders()
        if let job = configuration.jobName { headers.add(name: "X-Sluice-Job", value: job) }
        return .server(host: address, port: proxy.port, authorization: authorization, connectHeaders: headers)
    }
}
