import Logging
import NIOCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The DNS server: UDP (one socket per event loop, sharing the port with SO_REUSEPORT) and TCP
/// on the configured address, answering through a ``DNSResolver``.
public final class DNSServer: Sendable {
    /// The resolver answering queries.
    public let resolver: DNSResolver
    private let group: any EventLoopGroup
    private let channels = Mutex<[any Channel]>([])

    /// How long a TCP connection may stay idle before it is closed.
    static let tcpIdleTimeout: TimeAmount = .seconds(30)

    /// A server answering through `resolver` on `group`'s event loops.
    public init(resolver: DNSResolver, group: any EventLoopGroup) {
        self.resolver = resolver
        self.group = group
    }

    /// Binds the sockets at `resolver.configuration.listen` (port 0 picks a free port, shared by
    /// UDP and TCP) and returns the address bound.
    @discardableResult
    public func start() async throws -> DNSEndpoint {
        guard resolver.configuration.listen.port == 0 else { return try await bind(port: resolver.configuration.listen.port) }
        // Port 0: UDP picks a free port and TCP must then take the same number, which another
        // TCP socket may already hold; pick again a few times before giving up.
        var attempts = 0
        while true {
            do {
                return try await bind(port: 0)
            } catch let error as IOError where error.errnoCode == EADDRINUSE && attempts < 20 {
                attempts += 1
                await closeChannels()
            }
        }
    }

    private func bind(port requested: Int) async throws -> DNSEndpoint {
        let configuration = resolver.configuration
        var port = requested
        if configuration.udp {
            for eventLoop in group.makeIterator() {
                let channel = try await bindUDP(host: configuration.listen.host, port: port, on: eventLoop)
                if port == 0 { port = channel.localAddress?.port ?? 0 }
            }
        }
        if configuration.tcp {
            let channel = try await bindTCP(host: configuration.listen.host, port: port)
            if port == 0 { port = channel.localAddress?.port ?? 0 }
        }
        let bound = DNSEndpoint(host: configuration.listen.host, port: port)
        resolver.logger.info("dns server listening", metadata: ["address": "\(bound)", "udp": "\(configuration.udp)", "tcp": "\(configuration.tcp)"])
        return bound
    }

    /// Closes every socket; queries in flight are not answered.
    public func stop() async {
        await closeChannels()
        await resolver.queryLog?.drain()
    }

    private func closeChannels() async {
        let open = channels.withLock { channels in
            defer { channels.removeAll() }
            return channels
        }
        for channel in open { try? await channel.close() }
    }

    private func bindUDP(host: String, port: Int, on eventLoop: any EventLoop) async throws -> any Channel {
        let resolver = self.resolver
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.socket(SocketOptionLevel(SOL_SOCKET), SO_REUSEPORT), value: 1)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 4096))
            .channelOption(.datagramVectorReadMessageCount, value: 32)
            .channelOption(.maxMessagesPerRead, value: 32)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DNSUDPQueryHandler(resolver: resolver))
                }
            }
            .bind(to: try SocketAddress(ipAddress: host, port: port)).get()
        channels.withLock { $0.append(channel) }
        return channel
    }

    private func bindTCP(host: String, port: Int) async throws -> any Channel {
        let resolver = self.resolver
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(IdleStateHandler(readTimeout: Self.tcpIdleTimeout))
                    try sync.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                    try sync.addHandler(DNSTCPQueryHandler(resolver: resolver))
                }
            }
            .bind(to: try SocketAddress(ipAddress: host, port: port)).get()
        channels.withLock { $0.append(channel) }
        return channel
    }
}
