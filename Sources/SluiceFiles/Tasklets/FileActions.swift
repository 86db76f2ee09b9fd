#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Sluice

/// The blocking file-system work of ``FileTasklet``; it runs on a ``DedicatedThread`` and
/// returns how many files or directories it affected.
enum FileActions {
    /// Performs `operation`.
    static func perform(_ operation: FileTasklet.Operation) throws -> Int {
        switch operation {
        case .copy(let from, let to, let overwrite, let missingOK):
            guard try source(from, action: "copy", missingOK: missingOK) else { return 0 }
            try copy(from, to: try target(to, for: from, overwrite: overwrite))
            return 1
        case .move(let from, let to, let overwrite, let missingOK):
            guard try source(from, action: "move", missingOK: missingOK) else { return 0 }
            try move(from, to: try target(to, for: from, overwrite: overwrite))
            return 1
        case .delete(let path, let recursive, let missingOK):
            return try delete(path, recursive: recursive, missingOK: missingOK)
        case .mkdir(let path, let parents):
            return try makeDirectory(path, parents: parents)
        }
    }

    // MARK: Checks

    /// Whether the regular file `path` exists; a missing one throws unless `missingOK`, a
    /// directory always throws.
    private static func source(_ path: String, action: String, missingOK: Bool) throws -> Bool {
        guard let mode = fileMode(path) else {
            if missingOK { return false }
            throw BatchError(.io, "file tasklet: cannot \(action) \(path): it does not exist")
        }
        guard mode & S_IFMT != S_IFDIR else {
            throw BatchError(.validation, "file tasklet: cannot \(action) \(path): it is a directory (only files can be copied or moved)")
        }
        return true
    }

    /// The target path: `to`, or the source's name inside `to` when `to` is a directory (or
    /// ends in `/`). An existing target throws unless `overwrite`.
    private static func target(_ to: String, for from: String, overwrite: Bool) throws -> String {
        let isDirectory = to.hasSuffix("/") || fileMode(to).map { $0 & S_IFMT == S_IFDIR } == true
        let name = (from as NSString).lastPathComponent
        let target = isDirectory ? (to.hasSuffix("/") ? to + name : to + "/" + name) : to
        if let mode = fileMode(target) {
            guard mode & S_IFMT != S_IFDIR else { throw BatchError(.io, "file tasklet: target \(target) is a directory") }
            guard overwrite else {
                throw BatchError(.io, "file tasklet: target \(target) already exists (set overwrite: true to replace it)")
            }
        }
        return target
    }

    /// The `st_mode` of `path` (following links), or nil when it does not exist.
    static func fileMode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode : nil
    }

    // MARK: Actions

    /// Streams `from` into a temporary file beside `to`, then renames it over `to`.
    static func copy(_ from: String, to: String) throws {
        let input = open(from, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("cannot open \(from)") }
        defer { _ = close(input) }
        var info = stat()
        _ = fstat(input, &info)
        let directory = (to as NSString).deletingLastPathComponent
        let partial = (directory.isEmpty ? "" : directory + "/") + ".\((to as NSString).lastPathComponent).\(getpid()).partial"
        let output = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, info.st_mode & 0o7777)
        guard output >= 0 else { throw failure("cannot create \(partial)") }
        do {
            defer { _ = close(output) }
            try stream(input, into: output, from: from, to: partial)
            guard fsync(output) == 0 else { throw failure("cannot sync \(partial)") }
            guard rename(partial, to) == 0 else { throw failure("cannot rename \(partial) to \(to)") }
        } catch {
            _ = unlink(partial)
            throw error
        }
    }

    private static func stream(_ input: Int32, into output: Int32, from: String, to: String) throws {
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = block.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \(from)")
            }
            var done = 0
            while done < n {
                let written = block.withUnsafeBytes { write(output, $0.baseAddress! + done, n - done) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write \(to)")
                }
                done += written
            }
        }
    }

    /// Renames `from` to `to`, copying and deleting across file systems.
    private static func move(_ from: String, to: String) throws {
        if rename(from, to) == 0 { return }
        guard errno == EXDEV else { throw failure("cannot move \(from) to \(to)") }
        try copy(from, to: to)
        guard unlink(from) == 0 else { throw failure("copied \(from) to \(to) but cannot delete the source") }
    }

    /// Deletes `pattern`'s matches; checks every match before deleting any.
    private static func delete(_ pattern: String, recursive: Bool, missingOK: Bool) throws -> Int {
        let matches = pattern.contains(where: { "*?[".contains($0) }) ? try expand(pattern) : (fileMode(pattern) == nil ? [] : [pattern])
        guard !matches.isEmpty else {
            if missingOK { return 0 }
            throw BatchError(.io, "file tasklet: cannot delete \(pattern): nothing matches (set missing-ok: true to allow that)")
        }
        var info = stat()
        let directories = Set(matches.filter { lstat($0, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR })
        if !recursive, let directory = directories.first {
            throw BatchError(.validation, "file tasklet: cannot delete \(directory): it is a directory (set recursive: true)")
        }
        for path in matches {
            if directories.contains(path) {
                do { try FileManager.default.removeItem(atPath: path) } catch {
                    throw BatchError(.io, "file tasklet: cannot delete \(path): \(error.localizedDescription)")
                }
            } else if unlink(path) != 0 && errno != ENOENT {
                throw failure("cannot delete \(path)")
            }
        }
        return matches.count
    }

    /// The paths matching a glob pattern, sorted.
    private static func expand(_ pattern: String) throws -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        let status = glob(pattern, 0, nil, &matches)
        if status == GLOB_NOMATCH { return [] }
        guard status == 0 else { throw BatchError(.io, "file tasklet: cannot expand \(pattern) (glob error \(status))") }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }
    }

    /// Creates `path`; returns 0 when `parents` and it already exists.
    private static func makeDirectory(_ path: String, parents: Bool) throws -> Int {
        if let mode = fileMode(path) {
            guard mode & S_IFMT == S_IFDIR else { throw BatchError(.io, "file tasklet: cannot create directory \(path): a file is in the way") }
            if parents { return 0 }
            throw BatchError(.io, "file tasklet: cannot create directory \(path): it already exists")
        }
        if parents {
            do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw BatchError(.io, "file tasklet: cannot create directory \(path): \(error.localizedDescription)")
            }
        } else if mkdir(path, 0o755) != 0 {
            throw failure("cannot create directory \(path)")
        }
        return 1
    }

    /// An `io` error with the system's reason.
    private static func failure(_ what: String) -> BatchError {
        BatchError(.io, "file tasklet: \(what): \(String(cString: strerror(errno)))")
    }
}
