import Foundation
import Testing
@testable import SluiceCLI

/// `sluice dns --config FILE`: configuration errors, --check, start and graceful stop.
@Suite(.timeLimit(.minutes(1))) struct DNSCommandTests {
    func write(_ yaml: String, in workspace: Workspace) throws -> String {
        try yaml.write(toFile: workspace.path("dns.yaml"), atomically: true, encoding: .utf8)
        return "dns.yaml"
    }

    @Test func invalidConfigurationExitsTwoNamingFileAndKey() async throws {
        let workspace = Workspace()
        let file = try write("filter:\n  block: [\"bad..name\"]\n", in: workspace)
        let result = await workspace.sluice("dns", "--config", file)
        #expect(result.code == 2)
        #expect(result.stderr.contains("dns.yaml: filter.block[0]: 'bad..name' is not a name or *.wildcard"))
    }

    @Test func missingListFileExitsTwo() async throws {
        let workspace = Workspace()
        let file = try write("filter:\n  block-files: [missing.txt]\n", in: workspace)
        let result = await workspace.sluice("dns", "--config", file, "--check")
        #expect(result.code == 2)
        #expect(result.stderr.contains("missing.txt: cannot read the list file"))
    }

    @Test func checkPrintsOK() async throws {
        let workspace = Workspace()
        let file = try write("listen: 127.0.0.1:0\nupstreams: [127.0.0.1:53]\n", in: workspace)
        let result = await workspace.sluice("dns", "--config", file, "--check")
        #expect(result.code == 0)
        #expect(result.stdout == "dns.yaml: OK\n")
    }

    @Test func unusableAddressExitsOne() async throws {
        let workspace = Workspace()
        let file = try write("listen: 192.0.2.1:0\n", in: workspace)
        let result = await workspace.sluice("dns", "--config", file)
        #expect(result.code == 1)
        #expect(result.stderr.contains("dns: cannot start on 192.0.2.1:0"))
    }

    @Test func servesUntilInterruptedThenStopsGracefully() async throws {
        let workspace = Workspace()
        let file = try write("listen: 127.0.0.1:0\nmock:\n  rules: [{ name: api.example.com, addresses: [127.0.0.1] }]\n", in: workspace)
        let interrupts = ManualInterrupts()
        async let run = workspace.sluice(["dns", "--config", file], interrupts: interrupts)
        try await waitUntil { interrupts.isListening }
        interrupts.interrupt()
        let result = await run
        #expect(result.code == 0)
        #expect(result.stdout.contains("dns: listening on 127.0.0.1:"))
        #expect(result.stdout.hasSuffix("dns: stopped\n"))
    }
}
