import NIOCore
import NIOPosix
import Synchronization
@testable import SluiceDNS

/// Upstreams that misbehave on purpose, on 127.0.0.1.
enum SilentUpstream {
    /// A port nothing listens on (bound once, then closed): queries to it are refused by the kernel.
    static func closedPort() async throws -> DNSEndpoint {
        let channel = try await DatagramBootstrap(group: DNSTestServices.group).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return DNSEndpoint(host: "127.0.0.1", port: port)
    }

    /// A bound UDP socket that reads queries and never answers; close it when done.
    static func silent() async throws -> (DNSEndpoint, any Channel) {
        let channel = try await DatagramBootstrap(group: DNSTestServices.group).bind(host: "127.0.0.1", port: 0).get()
        return (DNSEndpoint(host: "127.0.0.1", port: channel.localAddress?.port ?? 0), channel)
    }

    /// An upstream that answers each query with forgeries first (from another port, with the
    /// wrong id, for another question), then with the genuine answer `address`.
    static func spoofing(address: [UInt8], forged: [UInt8]) async throws -> (DNSEndpoint, [any Channel]) {
        let group = DNSTestServices.group
        let forger = try await DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let channel = try await DatagramBootstrap(group: group).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(SpoofingHandler(forger: forger, address: address, forged: forged))
            }
        }.bind(host: "127.0.0.1", port: 0).get()
        return (DNSEndpoint(host: "127.0.0.1", port: channel.localAddress?.port ?? 0), [channel, forger])
    }

    private final class SpoofingHandler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let forger: any Channel
        let address: [UInt8]
        let forged: [UInt8]

        init(forger: any Channel, address: [UInt8], forged: [UInt8]) {
            self.forger = forger
            self.address = address
            self.forged = forged
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let query = try? DNSMessage(wire: Array(envelope.data.readableBytesView)), let question = query.questions.first else { return }
            func answer(id: UInt16, question: DNSQuestion, address: [UInt8]) -> ByteBuffer {
                var response = DNSMessage.response(to: query, code: .noError)
                response.header.id = id
                response.questions = [question]
                response.answers = [DNSResourceRecord(name: question.name, ttl: 60, data: .a(address))]
                return context.channel.allocator.buffer(bytes: response.wire())
            }
            let client = envelope.remoteAddress
            // Right id and question, wrong source port.
            forger.writeAndFlush(AddressedEnvelope(remoteAddress: client, data: answer(id: query.header.id, question: question, address: forged)), promise: nil)
            // Right source, wrong id.
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: client, data: answer(id: query.header.id &+ 1, question: question, address: forged))), promise: nil)
            // Right source and id, another question.
            let other = DNSQuestion(name: try! DNSName("other.test"), type: question.type)
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: client, data: answer(id: query.header.id, question: other, address: forged))), promise: nil)
            // The genuine answer, a moment later so the forgeries arrive first.
            let genuine = answer(id: query.header.id, question: question, address: address)
            let channel = context.channel
            context.flush()
            context.eventLoop.scheduleTask(in: .milliseconds(50)) {
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: client, data: genuine), promise: nil)
            }
        }
    }
}
