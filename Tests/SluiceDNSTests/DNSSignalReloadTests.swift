import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import SluiceDNS

/// A real `sluice dns --config` process reloads its block list on SIGHUP.
@Suite("sluice dns reloads on SIGHUP")
struct DNSSignalReloadTests {
    /// The `sluice` binary: `SLUICE_BINARY`, else next to the test bundle (the same build).
    static var binary: String? {
        if let path = ProcessInfo.processInfo.environment["SLUICE_BINARY"] { return path }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !url.path.isEmpty, url.path != "/" {
            let candidate = url.appendingPathComponent("sluice").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// A UDP port on 127.0.0.1 that was free a moment ago.
    static func freePort() async throws -> Int {
        let channel = try await DatagramBootstrap(group: DNSTestServices.group).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    @Test func sighupReloadsTheBlockList() async throws {
        guard let binary = Self.binary else {
            if DNSTestServices.inCI { Issue.record("the sluice binary was not found; build it with `swift build --build-tests`") }
            print("skipping the SIGHUP test: no sluice binary next to the tests (build with `swift build --build-tests`)")
            return
        }
        let directory = NSTemporaryDirectory() + "sluice-dns-hup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let list = directory + "/block.txt"
        try "ads.test\n".write(toFile: list, atomically: true, encoding: .utf8)
        let port = try await Self.freePort()
        try """
            listen: 127.0.0.1:\(port)
            tcp: false
            filter:
              block-files: [\(list)]
            """.write(toFile: directory + "/dns.yaml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["dns", "--config", directory + "/dns.yaml"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        let server = RunningDNSServerAddress(port: port)
        #expect(await eventually { (try? await server.ask("ads.test"))?.header.responseCode == .nameError }, "the server did not come up")
        #expect(try await server.ask("tracker.test").header.responseCode == .refused)

        try "tracker.test\n".write(toFile: list, atomically: true, encoding: .utf8)
        #expect(kill(process.processIdentifier, SIGHUP) == 0)
        #expect(await eventually { (try? await server.ask("tracker.test"))?.header.responseCode == .nameError })
        #expect(try await server.ask("ads.test").header.responseCode == .refused)
        #expect(process.isRunning)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}

/// Asks a DNS server on 127.0.0.1 over UDP.
struct RunningDNSServerAddress {
    let port: Int

    func ask(_ name: String) async throws -> DNSMessage {
        let id = UInt16.random(in: 0...UInt16.max)
        let query = DNSMessage.query(id: id, question: DNSQuestion(name: try DNSName(name), type: .a), edns: nil)
        return try DNSMessage(wire: try await DNSTestClient.udp(query.wire(), port: port))
    }
}
