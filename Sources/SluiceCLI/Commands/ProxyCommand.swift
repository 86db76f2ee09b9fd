import ArgumentParser
import Foundation
import Sluice
import SluiceHTTPProxy

/// `sluice proxy`: the Sluice HTTP forward proxy (`serve`, the default) and its password hashing.
struct ProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Run the Sluice HTTP forward proxy.",
        discussion: "See docs/http-proxy.md for the configuration reference.",
        subcommands: [ProxyServeCommand.self, ProxyHashPasswordCommand.self],
        defaultSubcommand: ProxyServeCommand.self
    )
}

/// `sluice proxy [serve] --config proxy.yaml`: runs the proxy until SIGINT or SIGTERM.
struct ProxyServeCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Listen and proxy until interrupted (SIGINT/SIGTERM stop it gracefully).",
        discussion: "Exit codes: 0 stopped by a signal, 2 invalid configuration, 1 cannot listen.")

    @Option(name: .long, help: ArgumentHelp("The proxy configuration file (YAML).", valueName: "file"))
    var config: String

    func execute(in context: ToolContext) async throws -> Int32 {
        let path = config.hasPrefix("/") ? config : (context.workingDirectory as NSString).appendingPathComponent(config)
        let runtime: ProxyRuntime
        do {
            runtime = try ProxyRuntime(path: path)
        } catch let error as ProxyConfigurationError {
            throw CommandFailure.usage(error.description)
        }
        let server = HTTPProxyServer(runtime: runtime)
        let address: String
        do {
            let bound = try await server.start()
            address = "\(bound.ipAddress ?? runtime.configuration.listen.host):\(bound.port ?? 0)"
        } catch {
            throw CommandFailure.failed("cannot listen on \(runtime.configuration.listen.host):\(runtime.configuration.listen.port): \(error)")
        }
        context.console.note("sluice proxy listening on \(address)")
        if let interrupts = context.interrupts {
            for await _ in interrupts.interrupts() { break }
            context.console.note("sluice proxy stopping")
            try await server.stop()
        } else {
            try await server.waitUntilStopped()
        }
        return ExitCodes.success
    }
}

/// `sluice proxy hash-password`: prints the configuration value for a password read from standard input.
struct ProxyHashPasswordCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password from standard input and print its passwordHash value.")

    @Option(help: "PBKDF2 iterations.")
    var iterations = 50_000

    func execute(in context: ToolContext) async throws -> Int32 {
        let read = try await BlockingIO.run { readLine(strippingNewline: true) }
        guard let line = read, !line.isEmpty else {
            throw CommandFailure.usage("no password on standard input")
        }
        guard iterations > 0 else { throw CommandFailure.usage("--iterations must be positive") }
        let iterations = self.iterations
        let hash = try await BlockingIO.run { PasswordHash(password: line, iterations: iterations).encoded }
        context.console.print(hash)
        return ExitCodes.success
    }
}
