#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sluice

/// An open output file of a file writer, addressed by explicit byte offsets (`pwrite`), so where a
/// chunk lands never depends on a file position left behind by an earlier, failed write.
///
/// Every call blocks in the kernel, so each runs through ``BlockingIO``; errors are `io`
/// ``Sluice/BatchError``s naming the path and the system's reason.
struct OutputFile: Sendable {
    /// The path as given (for messages).
    let path: String
    private let descriptor: Int32

    /// Opens (creating it with mode 0644 when missing) `path` for writing; `truncate` empties it.
    /// Returns the file and its length after opening.
    static func open(_ path: String, truncate: Bool) async throws -> (file: OutputFile, length: Int) {
        try await BlockingIO.run {
            let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0)
            let fd = systemOpen(path, flags, 0o644)
            guard fd >= 0 else { throw OutputFile.failure("cannot open output file", path) }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                let error = OutputFile.failure("cannot read the size of output file", path)
                _ = systemClose(fd)
                throw error
            }
            return (OutputFile(path: path, descriptor: fd), Int(info.st_size))
        }
    }

    /// Writes all of `bytes` at `offset`, retrying short and interrupted writes. Returns `bytes`
    /// (so a caller can reuse the array's storage).
    @discardableResult
    func write(_ bytes: [UInt8], at offset: Int) async throws -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        let (path, fd) = (path, descriptor)
        return try await BlockingIO.run {
            try bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw OutputFile.failure("cannot write output file", path)
                    }
                    done += n
                }
            }
            return bytes
        }
    }

    /// Cuts the file to exactly `length` bytes.
    func truncate(to length: Int) async throws {
        let (path, fd) = (path, descriptor)
        try await BlockingIO.run {
            guard ftruncate(fd, off_t(length)) == 0 else { throw OutputFile.failure("cannot truncate output file", path) }
        }
    }

    /// Reads up to `count` bytes ending at `length` (the file's end), to find where appending resumes.
    func readTail(_ count: Int, endingAt length: Int) async throws -> [UInt8] {
        let path = path
        let start = max(0, length - count)
        return try await BlockingIO.run {
            // The descriptor is write-only, so read through a second, read-only one.
            let reader = systemOpen(path, O_RDONLY | O_CLOEXEC, 0)
            guard reader >= 0 else { throw OutputFile.failure("cannot read output file", path) }
            defer { _ = systemClose(reader) }
            var bytes = [UInt8](repeating: 0, count: length - start)
            let n = bytes.withUnsafeMutableBytes { pread(reader, $0.baseAddress, $0.count, off_t(start)) }
            guard n >= 0 else { throw OutputFile.failure("cannot read output file", path) }
            return Array(bytes.prefix(n))
        }
    }

    /// Flushes the file's data to the storage device.
    func sync() async throws {
        let (path, fd) = (path, descriptor)
        try await BlockingIO.run {
            guard fsync(fd) == 0 else { throw OutputFile.failure("cannot sync output file", path) }
        }
    }

    /// Closes the descriptor.
    func close() async throws {
        let (path, fd) = (path, descriptor)
        try await BlockingIO.run {
            guard systemClose(fd) == 0 else { throw OutputFile.failure("cannot close output file", path) }
        }
    }

    /// An `io` error for the failed call, with the system's reason (from `errno`).
    static func failure(_ action: String, _ path: String) -> BatchError {
        BatchError(.io, "\(action) \(path): \(String(cString: strerror(errno)))")
    }
}

/// The C library's `open`, which ``OutputFile/open(_:truncate:)`` hides inside the type.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }

/// The C library's `close`, which ``OutputFile/close()`` hides inside the type.
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
