import Foundation
import Metrics
import NIOPosix
import SluiceHTTP
import Tracing

/// A configuration turned into what the connections use: the policy engine, the SSRF guard,
/// the authenticator, the body detectors and the audit log. Shared by every connection.
public final class ProxyRuntime: Sendable {
    /// The configuration it was made from.
    public let configuration: ProxyConfiguration
    /// The ordered policies: blocklists, request content checks, then the rules.
    public let engine: PolicyEngine
    /// The check on addresses connected to.
    public let ssrfGuard: SSRFGuard
    /// Basic authentication, when configured.
    public let authenticator: ProxyAuthenticator?
    /// The audit log, when configured.
    public let audit: AuditLog?
    /// Detectors run on request bodies (DLP and content keywords/patterns).
    let requestDetectors: [BodyDetector]
    /// Detectors run on response bodies (content keywords/patterns).
    let responseDetectors: [BodyDetector]
    /// The threads that resolve host names and issue leaf certificates.
    let resolverPool: NIOThreadPool
    /// Metrics and spans.
    public let telemetry: ProxyTelemetry
    /// TLS inspection and the TLS client for upstream servers.
    let tls: ProxyTLS
    /// How upstream host names resolve (the configuration's `dns:`; the system resolver by default).
    public let nameResolution: HTTPNameResolution
    /// Idle upstream keep-alive connections, per event loop, shared by all client connections.
    let upstreamPools: UpstreamPools

    /// Compiles a configuration; relative file paths are resolved against `baseDirectory`.
    /// Throws ``ProxyConfigurationError`` naming the file and key of a bad entry. Metrics and spans
    /// go to `telemetry` (by default the process-wide bootstrapped backends).
    public init(configuration: ProxyConfiguration, baseDirectory: String = ".", file: String = "<configuration>",
                resolverPool: NIOThreadPool = .singleton, telemetry: ProxyTelemetry = ProxyTelemetry()) throws {
        self.configuration = configuration
        self.resolverPool = resolverPool
        self.telemetry = telemetry
        tls = try ProxyTLS(configuration: configuration.tls, baseDirectory: baseDirectory, file: file)
        do {
            nameResolution = try (configuration.dns ?? HTTPDNSSetting()).resolution()
        } catch {
            throw ProxyConfigurationError(file: file, key: "dns", problem: "cannot set up name resolution (\(error))")
        }
        upstreamPools = UpstreamPools(maxPerKey: configuration.limits.upstreamMaxIdlePerHost,
                                      idleSeconds: configuration.limits.upstreamIdleSeconds)
        var policies: [any ProxyPolicy] = []
        for (index, list) in configuration.blocklists.enumerated() {
            let path = ProxyRuntime.resolve(list.path, in: baseDirectory)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ProxyConfigurationError(file: file, key: "blocklists[\(index)].path", problem: "cannot read '\(path)'")
            }
            policies.append(DomainBlocklist(name: "blocklist:\((list.path as NSString).lastPathComponent)", text: text, format: list.format))
        }
        policies.append(RequestContentPolicy(configuration: configuration.content))
        for (index, rule) in configuration.rules.enumerated() {
            var mockBody: String?
            if let bodyFile = rule.mock?.bodyFile {
                let path = ProxyRuntime.resolve(bodyFile, in: baseDirectory)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw ProxyConfigurationError(file: file, key: "rules[\(index)].mock.bodyFile", problem: "cannot read '\(path)'")
                }
                mockBody = text
            }
            policies.append(RulePolicy(rule: rule, mockBody: mockBody))
        }
        engine = PolicyEngine(policies: policies, defaultAction: configuration.defaultAction)
        ssrfGuard = SSRFGuard(configuration: configuration.ssrf)
        authenticator = configuration.authentication.map(ProxyAuthenticator.init)
        var content = configuration.content.keywords.map(BodyDetector.keyword)
        for (index, pattern) in configuration.content.patterns.enumerated() {
            do { content.append(try BodyDetector(type: "pattern", action: .block, pattern: pattern)) } catch {
                throw ProxyConfigurationError(file: file, key: "content.patterns[\(index)]", problem: "not a regular expression")
            }
        }
        var dlp: [BodyDetector] = []
        if let configuration = configuration.dlp {
            dlp = configuration.detectors.map { BodyDetector.builtIn($0, action: configuration.action) }
            for (index, custom) in configuration.custom.enumerated() {
                do { dlp.append(try BodyDetector(type: custom.name, action: configuration.action, pattern: custom.pattern)) } catch {
                    throw ProxyConfigurationError(file: file, key: "dlp.custom[\(index)].pattern", problem: "not a regular expression")
                }
            }
        }
        requestDetectors = content + dlp
        responseDetectors = content
        if let auditPath = configuration.audit?.path {
            audit = try AuditLog(path: ProxyRuntime.resolve(auditPath, in: baseDirectory))
        } else {
            audit = nil
        }
    }

    /// Loads and compiles a configuration file (relative paths inside it are relative to it).
    public convenience init(path: String, telemetry: ProxyTelemetry = ProxyTelemetry()) throws {
        let configuration = try ProxyConfiguration.load(path: path)
        let directory = (path as NSString).deletingLastPathComponent
        try self.init(configuration: configuration, baseDirectory: directory.isEmpty ? "." : directory, file: path, telemetry: telemetry)
    }

    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") || path == "-" ? path : (directory as NSString).appendingPathComponent(path)
    }
}
