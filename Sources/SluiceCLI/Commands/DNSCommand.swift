import ArgumentParser
import Foundation
import NIOPosix
import Sluice
import SluiceDNS
import SluiceObservability

/// `sluice dns --config dns.yaml`: runs the DNS server and resolver in the foreground until
/// SIGINT or SIGTERM; SIGHUP reloads the block and allow lists.
struct DNSCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Run the Sluice DNS server (forwarding, cache, block lists, mocks).",
        discussion: """
            The configuration is described in docs/dns.md. SIGINT or SIGTERM stop the server; SIGHUP \
            reloads the list files. Exit codes: 0 stopped on request (or --check passed), 1 the server \
            could not start, 2 invalid configuration.
            """)

    @Option(name: .long, help: ArgumentHelp("The DNS configuration (YAML).", valueName: "file"))
    var config: String

    @Flag(name: .long, help: "Only check the configuration and list files, print OK and exit.")
    var check = false

    func execute(in context: ToolContext) async throws -> Int32 {
        let path = context.absolute(config)
        let configuration: DNSConfiguration
        let filter: DNSFilter
        let observabilitySettings: ObservabilitySettings
        do {
            configuration = try await BlockingIO.run { try DNSConfiguration.load(path: path) }
            observabilitySettings = try await BlockingIO.run { try ObservabilitySettings.load(path: path) }
            filter = try await DNSFilter.load(configuration.filter)
        } catch {
            context.console.error("\(error)")
            return ExitCodes.usage
        }
        if check {
            context.console.print("\(config): OK")
            return ExitCodes.success
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let server: DNSServer
        let bound: DNSEndpoint
        let observability: Observability
        do {
            // Before the resolver: its metrics and tracer are looked up when it is created.
            observability = try await Observability.start(observabilitySettings, logger: context.logger)
        } catch {
            context.console.error("dns: cannot start observability: \(error)")
            return ExitCodes.failed
        }
        if let endpoint = observability.prometheus {
            context.console.print("dns: prometheus metrics on port \(endpoint.port)")
        }
        do {
            let resolver = try DNSResolver(configuration: configuration, filter: filter, group: group, logger: context.logger)
            server = DNSServer(resolver: resolver, group: group)
            bound = try await server.start()
        } catch {
            context.console.error("dns: cannot start on \(configuration.listen): \(error)")
            await observability.stop()
            return ExitCodes.failed
        }
        let transports = [configuration.udp ? "udp" : nil, configuration.tcp ? "tcp" : nil].compactMap { $0 }.joined(separator: ", ")
        context.console.print("dns: listening on \(bound) (\(transports))")
        await serve(server, context: context)
        await server.stop()
        await observability.stop()
        context.console.print("dns: stopped")
        return ExitCodes.success
    }

    /// Runs until the first interrupt, reloading lists on SIGHUP and on file changes meanwhile.
    private func serve(_ server: DNSServer, context: ToolContext) async {
        let resolver = server.resolver
        let reloads: (any InterruptSource)? = context.interrupts is SignalInterrupts ? SignalInterrupts(signals: [SIGHUP]) : nil
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await resolver.watchListFiles() }
            if let reloads {
                group.addTask {
                    for await _ in reloads.interrupts() {
                        do { try await resolver.reloadLists() } catch {
                            context.console.error("dns: lists not reloaded, the previous lists stay: \(error)")
                        }
                    }
                }
            }
            if let interrupts = context.interrupts {
                for await _ in interrupts.interrupts() { break }
            } else {
                // No interrupt source: run until the task is cancelled.
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            }
            group.cancelAll()
        }
    }
}
