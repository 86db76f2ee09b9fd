import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus

/// A small HTTP/1.1 server exposing a Prometheus registry for scraping.
public final class PrometheusEndpoint: Sendable {
    /// The registry served.
    public let registry: PrometheusCollectorRegistry
    private let channel: any Channel

    private init(registry: PrometheusCollectorRegistry, channel: any Channel) {
        self.registry = registry
        self.channel = channel
    }

    /// The port bound (useful with port 0).
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Starts serving `registry` at `settings.listen`.
    public static func start(
        _ settings: PrometheusSettings, registry: PrometheusCollectorRegistry, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> PrometheusEndpoint {
        guard let address = ObservabilityAddress(settings.listen) else { throw ObservabilityError.badAddress(settings.listen) }
        let path = settings.path
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(PrometheusHTTPHandler(registry: registry, path: path))
                }
            }
            .bind(to: try SocketAddress(ipAddress: address.host, port: address.port)).get()
        return PrometheusEndpoint(registry: registry, channel: channel)
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }
}

/// Observability settings that cannot be used.
public enum ObservabilityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The address is not `HOST:PORT` with an IP address.
    case badAddress(String)

    public var description: String {
        switch self {
        case .badAddress(let text): "'\(text)' is not HOST:PORT with an IP address"
        }
    }
}
