import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// The client tools scripts/services/proxy-tools.sh installs (curl, python3 requests, chromium).
enum ProxyTools {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var inCI: Bool { environment["CI"] != nil }

    /// Whether curl and python requests can be used; prints why not (in CI their absence fails instead).
    static var available: Bool {
        if environment["SLUICE_TEST_PROXY_TOOLS"] != nil || inCI { return true }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") { return true }
        print("skipping proxy client tests: SLUICE_TEST_PROXY_TOOLS is not set (scripts/test.sh installs curl and requests)")
        return false
    }

    /// The Chromium binary, when scripts/services/proxy-tools.sh found one.
    static var chromium: String? {
        if let path = environment["SLUICE_TEST_CHROMIUM"] { return path }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") ? "/usr/bin/chromium" : nil
    }
}

/// A finished command: exit status and captured output.
struct CommandResult {
    let status: Int32
    let output: String
    let error: String
}

/// Runs a program to completion off the cooperative pool, killing it after `timeout` seconds.
func runCommand(_ executable: String, _ arguments: [String], timeout: Double = 60, environment: [String: String]? = nil) async throws -> CommandResult {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            do {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                if let environment { process.environment = environment }
                let out = Pipe(), err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                try process.run()
                let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
                let outData = out.fileHandleForReading.readDataToEndOfFile()
                let errData = err.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                timer.cancel()
                continuation.resume(returning: CommandResult(status: process.terminationStatus,
                    output: String(decoding: outData, as: UTF8.self), error: String(decoding: errData, as: UTF8.self)))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

/// curl through the proxy; returns the status code line and body.
func curl(_ arguments: [String]) async throws -> CommandResult {
    try await runCommand("/usr/bin/env", ["curl", "-sS", "--max-time", "60"] + arguments)
}

/// Sends raw bytes to a port and collects everything until the server closes (or `timeout`).
func rawExchange(port: Int, _ bytes: [UInt8], timeout: Double = 30, sendChunks: [[UInt8]] = []) async throws -> (response: String, closedByServer: Bool) {
    let collector = RawCollector()
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
        }
        .connect(host: "127.0.0.1", port: port).get()
    try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    for chunk in sendChunks { try? await channel.writeAndFlush(ByteBuffer(bytes: chunk)) }
    let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask { try await channel.closeFuture.get(); return true }
        group.addTask { try await Task.sleep(for: .seconds(timeout)); return false }
        let first = try await group.next() ?? false
        group.cancelAll()
        return first
    }
    if !closed { try? await channel.close() }
    return (collector.text, closed)
}

private final class RawCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let bytes = Mutex<[UInt8]>([])

    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        bytes.withLock { $0.append(contentsOf: buffer.readableBytesView) }
    }
}

/// `#expect` for a throwing or awaited condition inside the test closures (where the macro cannot take `try`).
func check(_ condition: Bool, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(condition, comment, sourceLocation: sourceLocation)
}
