import Foundation
import Sluice

/// The few blocking file-system calls the Parquet components make, each turning a failure into
/// an `io` ``Sluice/BatchError`` naming the path. Call them on ``BlockingIO``.
enum FileSystemCalls {
    /// Whether a file exists at `path`.
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The size of the file at `path`, or nil when there is none.
    static func size(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Removes the file at `path` if there is one.
    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw BatchError(.io, "cannot remove \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Renames `source` to `target` atomically, replacing any file at `target`.
    static func rename(_ source: String, to target: String) throws {
        guard Foundation.rename(source, target) == 0 else {
            throw BatchError(.io, "cannot rename \(source) to \(target): \(String(cString: strerror(errno)))")
        }
    }

    /// Opens `path` for reading and writing, creating it when missing.
    static func openForUpdate(_ path: String) throws -> FileHandle {
        if !exists(path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        do {
            return try FileHandle(forUpdating: URL(fileURLWithPath: path))
        } catch {
            throw BatchError(.io, "cannot open \(path): \(error)")
        }
    }

    /// Writes `bytes` at `offset` of `handle` (the file `path`).
    static func write(_ bytes: [UInt8], at offset: Int, to handle: FileHandle, path: String) throws {
        do {
            try handle.seek(toOffset: UInt64(offset))
            try handle.write(contentsOf: bytes)
        } catch {
            throw BatchError(.io, "cannot write \(bytes.count) bytes at offset \(offset) of \(path): \(error)")
        }
    }

    /// Reads up to `count` bytes at `offset` of `handle` (the file `path`).
    static func read(_ count: Int, at offset: Int, from handle: FileHandle, path: String) throws -> [UInt8] {
        do {
            try handle.seek(toOffset: UInt64(offset))
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            throw BatchError(.io, "cannot read \(path) at offset \(offset): \(error)")
        }
    }

    /// Cuts the file of `handle` (the file `path`) to `length` bytes.
    static func truncate(_ handle: FileHandle, to length: Int, path: String) throws {
        do { try handle.truncate(atOffset: UInt64(length)) } catch {
            throw BatchError(.io, "cannot truncate \(path) to \(length) bytes: \(error)")
        }
    }
}
