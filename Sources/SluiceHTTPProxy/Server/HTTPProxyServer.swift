import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The Sluice HTTP forward proxy: listens, and gives each client connection a
/// ``ProxyConnectionHandler`` that applies the policies, forwards requests and tunnels CONNECTs.
///
/// ```swift
/// let server = HTTPProxyServer(runtime: try ProxyRuntime(path: "proxy.yaml"))
/// let address = try await server.start()
/// try await server.stop()
/// ```
public final class HTTPProxyServer: Sendable {
    /// The compiled configuration.
    public let runtime: ProxyRuntime
    private let group: any EventLoopGroup
    private let logger: Logger
    private let channel = Mutex<(any Channel)?>(nil)

    /// A server for a runtime on an event loop group.
    public init(runtime: ProxyRuntime, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "sluice.proxy")) {
        self.runtime = runtime
        self.group = group
        self.logger = logger
    }

    /// Binds the configured address and starts accepting; returns the bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        let runtime = self.runtime
        let logger = self.logger
        let listen = runtime.configuration.listen
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.autoRead, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try ProxyConnectionHandler.configure(channel.pipeline.syncOperations, runtime: runtime, logger: logger)
                }
            }
        let bound = try await bootstrap.bind(host: listen.host, port: listen.port).get()
        channel.withLock { $0 = bound }
        logger.debug("proxy listening", metadata: ["address": "\(bound.localAddress.map { "\($0)" } ?? "?")"])
        guard let address = bound.localAddress else { throw ChannelError.unknownLocalAddress }
        return address
    }

    /// The bound address once started.
    public var localAddress: SocketAddress? { channel.withLock { $0?.localAddress } }

    /// Stops accepting, waits for the listening socket to close and closes the idle upstream
    /// connections; open client connections end on their own.
    public func stop() async throws {
        guard let bound = channel.withLock({ channel in defer { channel = nil }; return channel }) else { return }
        try? await bound.close()
        runtime.upstreamPools.closeAll()
        runtime.audit?.flush()
    }

    /// Waits until the server is stopped.
    public func waitUntilStopped() async throws {
        guard let bound = channel.withLock({ $0 }) else { return }
        try await bound.closeFuture.get()
    }
}
