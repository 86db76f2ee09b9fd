import Foundation
import Logging
import Sluice

/// Loads job files (JSL, YAML): parses with locations, validates everything — structure, flow,
/// components and their properties, expressions — reporting all problems as
/// `FILE:LINE:COLUMN: message`, and assembles a runnable ``Sluice/Job``.
public struct YAMLJobLoader: Sendable {
    /// The components job files can name.
    public var registry: ComponentRegistry
    /// The logger components log to outside steps.
    public var logger: Logger

    /// Creates a loader over `registry`.
    public init(registry: ComponentRegistry, logger: Logger = Logger(label: "sluice.jsl")) {
        self.registry = registry
        self.logger = logger
    }

    /// Reads and validates a job file without building it; throws every problem found.
    public func specification(path: String) throws(PropertyProblems) -> JobSpec {
        try specification(of: YAMLDocument(contentsOf: path))
    }

    /// Validates a parsed job file (structure, flow, components) without building it.
    func specification(of document: YAMLDocument) throws(PropertyProblems) -> JobSpec {
        var reader = JobSpecReader(file: document.file)
        let spec = reader.read(document.root)
        var problems = reader.problems
        if let spec {
            var flow = FlowValidator()
            flow.check(spec.elements)
            problems += flow.problems
            var components = ComponentValidator(registry: registry)
            components.check(spec)
            problems += components.problems
        }
        guard let spec, problems.isEmpty else { throw PropertyProblems(Self.sorted(problems)) }
        return spec
    }

    /// Loads the job file at `path`: validation first (nothing is built when it fails), then
    /// `${env:...}`/`${file:...}` substitution and assembly. `connections` (from a configuration
    /// file) override the job file's connections of the same name.
    public func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                     connections extra: [NamedConnection] = []) async throws -> LoadedJobDefinition {
        // Validated before substitution, so no secret value can appear in a problem's message.
        let raw = try YAMLDocument(contentsOf: path)
        _ = try specification(of: raw)
        let baseDirectory = (Self.absolute(path) as NSString).deletingLastPathComponent
        let root = try LoadTimeSubstitution(environment: environment, baseDirectory: baseDirectory).apply(to: raw.root)
        var reader = JobSpecReader(file: path)
        guard let spec = reader.read(root), reader.problems.isEmpty else { throw PropertyProblems(reader.problems) }
        var connections: [String: NamedConnection] = [:]
        for connection in spec.connections {
            let url = connection.url.scalarText ?? ""
            connections[connection.name] = NamedConnection(name: connection.name, url: url, redactedURL: Self.redacted(url),
                                                           location: connection.location)
        }
        for connection in extra { connections[connection.name] = connection }
        let resources = ComponentResources(connections: connections)
        let assembler = JobAssembler(spec: spec, registry: registry, resources: resources, baseDirectory: baseDirectory, logger: logger)
        do {
            let job = try await assembler.job()
            return LoadedJobDefinition(job: job, specification: spec, resources: resources)
        } catch {
            await resources.shutdown()
            throw error
        }
    }

    /// `scheme://user:PASSWORD@host` with the password replaced by `******`.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + JobParameter.mask + String(url[at...])
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    static func sorted(_ problems: [PropertyProblem]) -> [PropertyProblem] {
        problems.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            if la?.line != lb?.line { return (la?.line ?? 0) < (lb?.line ?? 0) }
            if la?.column != lb?.column { return (la?.column ?? 0) < (lb?.column ?? 0) }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// A loaded job: the runnable job, its specification, and the resources its components share
/// (close them with ``shutdown()`` after the run).
public struct LoadedJobDefinition: Sendable {
    /// The runnable job.
    public let job: Job
    /// The job file as read (declared parameters, connections, ...).
    public let specification: JobSpec
    /// The shared resources (named connections).
    public let resources: ComponentResources

    /// The declared parameters.
    public var parameters: [String: JobParameterDeclaration] { specification.parameters }

    /// Closes the shared resources.
    public func shutdown() async { await resources.shutdown() }
}

extension YAMLJobLoader {
    /// `text` with its `${env:NAME}` and `${file:PATH}` references resolved (for settings read
    /// outside a job file, such as a configuration file's repository URL).
    public static func substitute(_ text: String, environment: [String: String], baseDirectory: String) throws(PropertyProblems) -> String {
        let node = try LoadTimeSubstitution(environment: environment, baseDirectory: baseDirectory).apply(to: .scalar(text))
        return node.scalarText ?? text
    }
}
