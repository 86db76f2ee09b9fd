import Foundation
import Sluice
import SluiceJSL

extension YAMLJobLoader: JobLoading {
    /// Loads a job file for the tool: problems become ``JobFileInvalid`` (exit 2), and a
    /// `--config` file contributes its connections and repository.
    public func load(path: String, options: LoadOptions) async throws -> LoadedJob {
        let configuration = try options.configPath.map { try ToolConfiguration(path: $0, environment: options.environment) }
        do {
            let loaded = try await load(path: path, environment: options.environment, connections: configuration?.connections ?? [])
            return LoadedJob(job: loaded.job, parameters: loaded.parameters, repositoryURL: configuration?.repositoryURL,
                             shutdown: { await loaded.shutdown() })
        } catch let problems as PropertyProblems {
            throw JobFileInvalid(problems: problems.problems.map(\.description))
        }
    }

    /// The `repository:` of a `--config` file.
    public func repositoryURL(configPath: String, environment: [String: String]) async throws -> String? {
        try ToolConfiguration(path: configPath, environment: environment).repositoryURL
    }
}

extension SluiceTool {
    /// Runs the tool with the YAML loader over `components` — the stock `sluice` passes
    /// ``Sluice/ComponentRegistry/builtIn``; your own executable adds its components to it.
    public static func main(components: ComponentRegistry, arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        await main(loader: YAMLJobLoader(registry: components), arguments: arguments)
    }
}
