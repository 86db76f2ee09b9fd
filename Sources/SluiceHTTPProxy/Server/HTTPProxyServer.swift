#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    /// The listening sockets, one per event loop.
    private let channels = Mutex<[any Channel]>([])

    /// A server for a runtime on an event loop group.
    public init(runtime: ProxyRuntime, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "sluice.proxy")) {
        self.runtime = runtime
        self.group = group
        self.logger = logger
    }

    /// Binds the configured address and starts accepting; returns the bound address.
    ///
    /// Each event loop of the group gets its own listening socket on the same address
    /// (`SO_REUSEPORT`, the kernel spreads new connections over them) and keeps the connections
    /// it accepts: no connection is handed to another thread, which matters most to clients
    /// that open a connection per request.
    @discardableResult
    public func start() async throws -> SocketAddress {
        let listen = runtime.configuration.listen
        var loops = group.makeIterator().map { $0 }
        if loops.isEmpty { loops = [group.next()] }
        let first = try await bind(on: loops[0], host: listen.host, port: listen.port)
        channels.withLock { $0 = [first] }
        guard let address = first.localAddress, let port = address.port else { throw ChannelError.unknownLocalAddress }
        for loop in loops.dropFirst() {
            let more = try await bind(on: loop, host: listen.host, port: port)
            channels.withLock { $0.append(more) }
        }
        logger.debug("proxy listening", metadata: ["address": "\(address)", "sockets": "\(loops.count)"])
        return address
    }

    /// A listening socket on `loop` whose connections stay on `loop`.
    private func bind(on loop: any EventLoop, host: String, port: Int) async throws -> any Channel {
        let runtime = self.runtime
        let logger = self.logger
        return try await ServerBootstrap(group: loop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.autoRead, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try ProxyConnectionHandler.configure(channel.pipeline.syncOperations, runtime: runtime, logger: logger)
                }
            }
            .bind(host: host, port: port).get()
    }

    /// The bound address once started.
    public var localAddress: SocketAddress? { channels.withLock { $0.first?.localAddress } }

    /// Stops accepting, waits for the listening sockets to close and closes the idle upstream
    /// connections; open client connections end on their own.
    public func stop() async throws {
        let bound = channels.withLock { channels in defer { channels = [] }; return channels }
        guard !bound.isEmpty else { return }
        for channel in bound { try? await channel.close() }
        runtime.upstreamPools.closeAll()
        runtime.audit?.flush()
    }

    /// Waits until the server is stopped.
    public func waitUntilStopped() async throws {
        for channel in channels.withLock({ $0 }) { try await channel.closeFuture.get() }
    }
}
