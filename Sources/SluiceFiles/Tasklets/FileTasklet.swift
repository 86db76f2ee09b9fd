import Sluice

/// The `file` tasklet: copies, moves or deletes files, or creates a directory — the housekeeping
/// around a batch job (archive the input, clear a staging folder).
///
/// Written flat in a job file: `file: { action: copy, from: in.csv, to: archive/ }`. Errors are
/// ``Sluice/BatchError``s: a missing source or an existing target is `io`, a wrong combination of
/// properties `validation`. The number of files or directories affected is stored in the step
/// execution context under ``affectedKey``.
///
/// - `copy`: streams `from` into a temporary file next to the target, then renames it into
///   place, so a crash never leaves a half-written target. A `to` that is an existing directory
///   (or ends in `/`) receives the file under its own name. The file mode is kept.
/// - `move`: renames; across file systems, copies then deletes the source.
/// - `delete`: removes `path`, which may be a glob pattern (`*`, `?`, `[...]`); directories need
///   `recursive`.
/// - `mkdir`: creates `path`; with `parents` (the default) also missing parents, and an existing
///   directory is fine.
///
/// With `missing-ok`, a missing source (copy, move) or path (delete) is not an error: the step
/// completes having done nothing, which makes a restarted move or delete harmless.
public struct FileTasklet: Tasklet {
    /// One file-system action.
    public enum Operation: Sendable, Hashable {
        /// Copies `from` to `to`.
        case copy(from: String, to: String, overwrite: Bool = false, missingOK: Bool = false)
        /// Moves `from` to `to`.
        case move(from: String, to: String, overwrite: Bool = false, missingOK: Bool = false)
        /// Deletes `path` (a path or a glob pattern).
        case delete(path: String, recursive: Bool = false, missingOK: Bool = false)
        /// Creates the directory `path`.
        case mkdir(path: String, parents: Bool = true)
    }

    /// The action names of a job file.
    public enum Action: String, Decodable, Sendable, CaseIterable {
        /// See ``Operation/copy(from:to:overwrite:missingOK:)``.
        case copy
        /// See ``Operation/move(from:to:overwrite:missingOK:)``.
        case move
        /// See ``Operation/delete(path:recursive:missingOK:)``.
        case delete
        /// See ``Operation/mkdir(path:parents:)``.
        case mkdir
    }

    /// The tasklet's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// `copy`, `move`, `delete` or `mkdir`.
        public var action: Action
        /// The source (copy, move).
        public var from: String?
        /// The target file or directory (copy, move).
        public var to: String?
        /// The file, glob pattern (delete) or directory (mkdir).
        public var path: String?
        /// Replace an existing target (copy, move; default false).
        public var overwrite: Bool?
        /// A missing source or path is not an error (copy, move, delete; default false).
        public var missingOk: Bool?
        /// Delete directories with their contents (delete; default false).
        public var recursive: Bool?
        /// Create missing parents and accept an existing directory (mkdir; default true).
        public var parents: Bool?

        /// Settings for `action`; see ``FileTasklet`` for which properties each action takes.
        public init(action: Action, from: String? = nil, to: String? = nil, path: String? = nil, overwrite: Bool? = nil,
                    missingOk: Bool? = nil, recursive: Bool? = nil, parents: Bool? = nil) {
            self.action = action
            self.from = from
            self.to = to
            self.path = path
            self.overwrite = overwrite
            self.missingOk = missingOk
            self.recursive = recursive
            self.parents = parents
        }
    }

    /// The execution-context key of how many files or directories the action affected.
    public static let affectedKey = "file.affected"

    /// What the tasklet does.
    public let operation: Operation

    /// A tasklet performing `operation` (paths used as given).
    public init(_ operation: Operation) { self.operation = operation }

    /// A tasklet from job-file settings, resolving relative paths against `baseDirectory`; a
    /// missing or superfluous property for the action is a `validation` error.
    public init(properties p: Properties, baseDirectory: String) throws {
        let resolve = { (value: String?, name: String) throws -> String in
            guard let value else { throw BatchError(.validation, "file tasklet: action \(p.action.rawValue) needs '\(name)'") }
            return try PathResolution.resolve(value, against: baseDirectory, property: name, component: "file tasklet")
        }
        let allowed: Set<String>
        switch p.action {
        case .copy, .move:
            allowed = ["from", "to", "overwrite", "missing-ok"]
            let (from, to) = (try resolve(p.from, "from"), try resolve(p.to, "to"))
            let (overwrite, missingOK) = (p.overwrite ?? false, p.missingOk ?? false)
            operation = p.action == .copy ? .copy(from: from, to: to, overwrite: overwrite, missingOK: missingOK)
                : .move(from: from, to: to, overwrite: overwrite, missingOK: missingOK)
        case .delete:
            allowed = ["path", "recursive", "missing-ok"]
            operation = .delete(path: try resolve(p.path, "path"), recursive: p.recursive ?? false, missingOK: p.missingOk ?? false)
        case .mkdir:
            allowed = ["path", "parents"]
            operation = .mkdir(path: try resolve(p.path, "path"), parents: p.parents ?? true)
        }
        let given: [(String, Bool)] = [("from", p.from != nil), ("to", p.to != nil), ("path", p.path != nil),
                                       ("overwrite", p.overwrite != nil), ("missing-ok", p.missingOk != nil),
                                       ("recursive", p.recursive != nil), ("parents", p.parents != nil)]
        if let extra = given.first(where: { $0.1 && !allowed.contains($0.0) }) {
            throw BatchError(.validation, "file tasklet: action \(p.action.rawValue) does not take '\(extra.0)'")
        }
    }

    /// Performs the action, records ``affectedKey`` and finishes.
    public func execute(_ context: inout TaskletContext) async throws -> RepeatStatus {
        let operation = operation
        // A copy may run for minutes: on a thread of its own, not one of BlockingIO's few.
        let affected = try await DedicatedThread.run(name: "sluice.file") { Result { try FileActions.perform(operation) } }.get()
        context.executionContext[Self.affectedKey] = .int(affected)
        context.step.logger.info("file action done", metadata: ["action": "\(operation)", "affected": "\(affected)"])
        return .finished
    }
}
