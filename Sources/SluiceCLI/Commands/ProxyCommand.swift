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
        subcommands: [ProxyServeCommand.self, ProxyHashPasswordCommand.self, ProxyCACommand.self],
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

/// `sluice proxy ca`: the local certificate authority of TLS inspection.
struct ProxyCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Manage the local CA that TLS inspection signs leaf certificates with.",
        subcommands: [ProxyCACreateCommand.self])
}

/// `sluice proxy ca create --out DIR`: writes a new CA (`ca.pem`, and `ca-key.pem` readable by the owner only).
struct ProxyCACreateCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write a new CA certificate (ca.pem) and key (ca-key.pem, mode 0600) into a folder.",
        discussion: "Clients of an inspecting proxy must trust ca.pem. Existing files are not overwritten.")

    @Option(name: .long, help: ArgumentHelp("The folder to write ca.pem and ca-key.pem into (created if missing).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: "The CA's common name.")
    var name = "Sluice proxy local CA"

    func execute(in context: ToolContext) async throws -> Int32 {
        let directory = out.hasPrefix("/") ? out : (context.workingDirectory as NSString).appendingPathComponent(out)
        let certificatePath = directory + "/ca.pem", keyPath = directory + "/ca-key.pem"
        let name = self.name
        try await BlockingIO.run {
            let files = FileManager.default
            for path in [certificatePath, keyPath] where files.fileExists(atPath: path) {
                throw CommandFailure.usage("\(path) exists; remove it or choose another --out")
            }
            do {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let (certificate, key) = try InspectionAuthority.create(commonName: name)
                guard files.createFile(atPath: keyPath, contents: Data(key.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw CommandFailure.failed("cannot write \(keyPath)")
                }
                try certificate.write(toFile: certificatePath, atomically: true, encoding: .utf8)
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure.failed("cannot create the CA in \(directory): \(error)")
            }
        }
        context.console.note("wrote \(certificatePath) (give it to clients) and \(keyPath) (keep it secret)")
        return ExitCodes.success
    }
}
