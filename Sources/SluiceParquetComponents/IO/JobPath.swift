import Sluice

/// Resolves the paths written in a job file: relative paths are taken from the job file's
/// directory, so a job behaves the same whatever the working directory of the process.
enum JobPath {
    /// `path` itself when absolute, else `path` under `baseDirectory`; an empty path is a
    /// `validation` error naming `component`.
    static func resolve(_ path: String, against baseDirectory: String, component: String) throws -> String {
        guard !path.isEmpty else { throw BatchError(.validation, "\(component): 'path' must not be empty") }
        if path.hasPrefix("/") || baseDirectory.isEmpty { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }
}
