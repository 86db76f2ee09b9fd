import Foundation
import SluiceHTTPProxy
import Testing
@testable import SluiceCLI

/// `sluice proxy`: configuration errors, a graceful stop on interrupt.
@Suite struct ProxyCommandTests {
    @Test func invalidConfigurationIsAUsageErrorNamingFileAndKey() async throws {
        let workspace = Workspace()
        try "rules: [{ name: x, action: nope }]\n".write(toFile: workspace.path("bad.yaml"), atomically: true, encoding: .utf8)
        let run = await workspace.sluice("proxy", "--config", "bad.yaml")
        #expect(run.code == 2)
        #expect(run.stderr.contains("bad.yaml: rules[0].action"))
        let missing = await workspace.sluice("proxy", "--config", "missing.yaml")
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("missing.yaml: cannot be read"))
    }

    @Test func servesUntilInterrupted() async throws {
        let workspace = Workspace()
        try "listen: { host: 127.0.0.1, port: 0 }\n".write(toFile: workspace.path("proxy.yaml"), atomically: true, encoding: .utf8)
        let interrupts = ManualInterrupts()
        let task = Task { await workspace.sluice(["proxy", "serve", "--config", "proxy.yaml"], interrupts: interrupts) }
        for _ in 0..<600 where !interrupts.isListening { try await Task.sleep(for: .milliseconds(100)) }
        #expect(interrupts.isListening)
        interrupts.interrupt()
        let run = await task.value
        #expect(run.code == 0)
        #expect(run.stderr.contains("sluice proxy listening on 127.0.0.1:"))
        #expect(run.stderr.contains("sluice proxy stopping"))
    }

    @Test func caCreateWritesAUsableCAAndNeverOverwrites() async throws {
        let workspace = Workspace()
        let run = await workspace.sluice("proxy", "ca", "create", "--out", "ca")
        #expect(run.code == 0, "\(run.stderr)")
        let certificate = try String(contentsOfFile: workspace.path("ca/ca.pem"), encoding: .utf8)
        let key = try String(contentsOfFile: workspace.path("ca/ca-key.pem"), encoding: .utf8)
        _ = try InspectionAuthority(certificatePEM: certificate, keyPEM: key)
        let attributes = try FileManager.default.attributesOfItem(atPath: workspace.path("ca/ca-key.pem"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(!run.stderr.contains("PRIVATE KEY"))
        let again = await workspace.sluice("proxy", "ca", "create", "--out", "ca")
        #expect(again.code == 2)
        #expect(again.stderr.contains("ca.pem exists"))
        #expect(try String(contentsOfFile: workspace.path("ca/ca-key.pem"), encoding: .utf8) == key)
    }
}
