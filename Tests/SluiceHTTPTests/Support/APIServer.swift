import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A request the test API server received.
struct ReceivedRequest: Sendable {
    var method: String
    var uri: String
    var host: String
    var headers: [String: String]
    var body: String
}

/// What the test API server answers.
struct CannedResponse: Sendable {
    var status: Int = 200
    var body: String = ""
    var contentType = "application/json"
    /// Never answer (for timeout tests).
    var silent = false
}

/// A small HTTP/1.1 server on 127.0.0.1 (optionally TLS) playing a JSON API: `respond` decides
/// each answer, every request is recorded.
final class APIServer: Sendable {
    let channel: any Channel
    let log: LockedValue<[ReceivedRequest]>

    var port: Int { channel.localAddress?.port ?? 0 }
    var requests: [ReceivedRequest] { log.withLock { $0 } }
    /// The URIs of the requests received, in order.
    var uris: [String] { requests.map(\.uri) }

    private init(channel: any Channel, log: LockedValue<[ReceivedRequest]>) {
        self.channel = channel
        self.log = log
    }

    static func start(tls: NIOSSLContext? = nil, respond: @escaping @Sendable (ReceivedRequest) -> CannedResponse) async throws -> APIServer {
        let log = LockedValue<[ReceivedRequest]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(APIHandler(respond: respond, record: { request in
                        log.withLock { $0.append(request) }
                    }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return APIServer(channel: channel, log: log)
    }

    func stop() async { try? await channel.close() }
}

private final class APIHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private let respond: @Sendable (ReceivedRequest) -> CannedResponse
    private let record: @Sendable (ReceivedRequest) -> Void

    init(respond: @escaping @Sendable (ReceivedRequest) -> CannedResponse, record: @escaping @Sendable (ReceivedRequest) -> Void) {
        self.respond = respond
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let request = ReceivedRequest(method: head.method.rawValue, uri: head.uri, host: head.headers.first(name: "host") ?? "",
                                          headers: headers, body: String(buffer: body))
            record(request)
            let answer = respond(request)
            if answer.silent { return }
            var responseHeaders = HTTPHeaders()
            responseHeaders.add(name: "Content-Type", value: answer.contentType)
            responseHeaders.add(name: "Content-Length", value: "\(answer.body.utf8.count)")
            let responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: answer.status), headers: responseHeaders)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: answer.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

/// A self-signed certificate for some host names, made with the openssl command.
struct TestCertificate {
    let certificatePath: String
    let keyPath: String

    /// `subjects` are subjectAltName entries: `DNS:name` or `IP:address`.
    static func make(subjects: [String], in directory: String) throws -> TestCertificate {
        let cert = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=sluice-test",
                             "-addext", "subjectAltName=" + subjects.joined(separator: ","),
                             "-addext", "basicConstraints=critical,CA:TRUE"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return TestCertificate(certificatePath: cert, keyPath: key)
    }

    func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificatePath).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: keyPath, format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }
}
