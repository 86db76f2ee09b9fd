import Foundation
import Sluice

/// The files a `parquet` reader's `path` names: one file, or a glob whose last component holds
/// wildcards (`in/*.parquet`: `*`, `?`, `[...]` as in a shell, hidden files excluded), listed
/// in sorted order.
enum ParquetInputFiles {
    /// The files, sorted; a missing single file or an unreadable directory is an `io` error, a
    /// glob that matches nothing an empty list.
    static func list(_ path: String, label: String) throws -> [String] {
        let nsPath = path as NSString
        let pattern = nsPath.lastPathComponent
        guard pattern.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) else {
            guard FileSystemCalls.exists(path) else { throw BatchError(.io, "\(label): input file \(path) does not exist") }
            return [path]
        }
        let directory = nsPath.deletingLastPathComponent
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) } catch {
            throw BatchError(.io, "\(label): cannot list \(directory): \(error)")
        }
        return names.filter { fnmatch(pattern, $0, FNM_PERIOD) == 0 }.sorted()
            .map { directory.isEmpty ? $0 : directory + "/" + $0 }
    }
}
