import Foundation
import Sluice

/// One partition per file a glob selects (the JSL `files` partitioner), in sorted order, with the
/// values `file` (the path) and `name` (the file name), so a worker reads
/// `#{partition['file']}`. The plan is fixed when the step first runs and saved, so a restart
/// reruns exactly the partitions that did not complete.
public struct FilePartitioner: Partitioner {
    /// The glob, as written.
    public var glob: String
    /// The directory relative globs are resolved against.
    public var baseDirectory: String

    /// Properties of the `files` partitioner: `{ glob: "in/*.csv" }`.
    public struct Properties: Decodable, Sendable {
        /// The files to partition over.
        public var glob: String
    }

    /// Creates the partitioner.
    public init(glob: String, baseDirectory: String = "") {
        self.glob = glob
        self.baseDirectory = baseDirectory
    }

    public func partitions(gridSize: Int) async throws -> [Partition] {
        let pattern = PathPattern(glob, baseDirectory: baseDirectory)
        let files = try await BlockingIO.run { try pattern.files() }
        return files.enumerated().map { index, path in
            Partition(name: "p\(index)", values: ["file": .string(path), "name": .string((path as NSString).lastPathComponent)])
        }
    }
}
