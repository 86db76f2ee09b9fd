import Foundation
import Sluice
import SluiceCLI
import Synchronization

/// A ``JobLoading`` that serves Swift-built jobs by file name (the last path component), so
/// commands can be tested without the YAML loader. `invalid.yaml` has problems; unknown names
/// fail like a missing file.
final class FakeJobLoader: JobLoading {
    private let jobs: [String: @Sendable () throws -> LoadedJob]
    private let loads = Mutex<[(path: String, options: LoadOptions)]>([])
    private let shutdowns = ShutdownCount()
    let configRepository: String?

    init(configRepository: String? = nil, _ jobs: [String: @Sendable () throws -> LoadedJob]) {
        self.jobs = jobs
        self.configRepository = configRepository
    }

    /// The paths and options `load` was called with.
    var loadedPaths: [String] { loads.withLock { $0.map(\.path) } }
    var loadOptions: [LoadOptions] { loads.withLock { $0.map(\.options) } }
    /// How many loaded jobs were shut down.
    var shutdownCount: Int { shutdowns.value }

    func load(path: String, options: LoadOptions) async throws -> LoadedJob {
        loads.withLock { $0.append((path, options)) }
        let name = URL(fileURLWithPath: path).lastPathComponent
        if name == "invalid.yaml" {
            throw JobFileInvalid(problems: ["\(path):3:5: unknown key 'stepz'", "\(path):9:1: transition to unknown element 'nowhere'"])
        }
        guard let make = jobs[name] else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        var loaded = try make()
        let inner = loaded.shutdown
        loaded.shutdown = { [shutdowns] in
            await inner()
            shutdowns.increment()
        }
        if loaded.repositoryURL == nil { loaded.repositoryURL = configRepository.flatMap { options.configPath != nil ? $0 : nil } }
        return loaded
    }

    func repositoryURL(configPath: String, environment: [String: String]) async throws -> String? { configRepository }
}

/// How many loaded jobs were shut down.
final class ShutdownCount: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
