import NIOCore
import NIOPosix
@testable import SluiceDNS

/// A minimal DNS client for the tests, on NIO: one query per socket, with a generous timeout.
enum DNSTestClient {
    static let timeout: TimeAmount = .seconds(15)

    /// Sends `bytes` to 127.0.0.1:`port` over UDP and returns the first datagram back.
    static func udp(_ bytes: [UInt8], port: Int) async throws -> [UInt8] {
        let eventLoop = DNSTestServices.group.next()
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let channel = try await DatagramBootstrap(group: eventLoop).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(FirstReply(promise: promise)) }
        }.bind(host: "127.0.0.1", port: 0).get()
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: channel.allocator.buffer(bytes: bytes)))
        return try await wait(promise, channel: channel, on: eventLoop)
    }

    /// Sends `packets` over UDP without waiting for answers.
    static func udpBlast(_ packets: [[UInt8]], port: Int) async throws {
        let channel = try await DatagramBootstrap(group: DNSTestServices.group).bind(host: "127.0.0.1", port: 0).get()
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        for (index, packet) in packets.enumerated() {
            channel.write(AddressedEnvelope(remoteAddress: target, data: channel.allocator.buffer(bytes: packet)), promise: nil)
            if index % 64 == 63 { try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: channel.allocator.buffer(bytes: [0]))) }
        }
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: channel.allocator.buffer(bytes: [0])))
        try await channel.close()
    }

    /// Sends `bytes` raw (no length prefix added) over a TCP connection, then closes it. The
    /// server may close first (it drops connections that send garbage), so write and close errors
    /// are expected and ignored.
    static func tcpRaw(_ bytes: [UInt8], port: Int) async throws {
        let channel = try await ClientBootstrap(group: DNSTestServices.group).connect(host: "127.0.0.1", port: port).get()
        try? await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        try? await channel.close()
    }

    /// Sends `bytes` framed over TCP and returns the first framed answer.
    static func tcp(_ bytes: [UInt8], port: Int) async throws -> [UInt8] {
        let eventLoop = DNSTestServices.group.next()
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: eventLoop).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                try channel.pipeline.syncOperations.addHandler(FirstFrame(promise: promise))
            }
        }.connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer.dnsTCPFrame(bytes, allocator: channel.allocator))
        return try await wait(promise, channel: channel, on: eventLoop)
    }

    private static func wait(_ promise: EventLoopPromise<[UInt8]>, channel: any Channel, on eventLoop: any EventLoop) async throws -> [UInt8] {
        let timer = eventLoop.scheduleTask(in: timeout) { promise.fail(DNSTestFailure("no answer within \(timeout)")) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
    }

    private final class FirstReply: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let promise: EventLoopPromise<[UInt8]>
        init(promise: EventLoopPromise<[UInt8]>) { self.promise = promise }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            promise.succeed(Array(unwrapInboundIn(data).data.readableBytesView))
        }
    }

    private final class FirstFrame: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<[UInt8]>
        init(promise: EventLoopPromise<[UInt8]>) { self.promise = promise }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            promise.succeed(Array(unwrapInboundIn(data).readableBytesView))
        }
        func channelInactive(context: ChannelHandlerContext) { promise.fail(DNSTestFailure("connection closed without an answer")) }
    }
}
