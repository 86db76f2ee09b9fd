#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Sluice

/// The blocking POSIX calls of the file readers: open, size, positioned read and close of a file
/// descriptor. Every call here must run through ``BlockingIO``.
enum InputFile {
    /// Opens `path` for reading. - Throws: an `io` error naming the path.
    static func open(_ path: String) throws -> Int32 {
        let fd = path.withCString { posixOpen($0) }
        guard fd >= 0 else { throw BatchError(.io, "cannot open '\(path)': \(errorText())") }
        return fd
    }

    /// The size of an open file in bytes.
    static func size(_ fd: Int32, path: String) throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw BatchError(.io, "cannot read the size of '\(path)': \(errorText())") }
        return Int(info.st_size)
    }

    /// `leftover` followed by up to `count` bytes read at `offset`; no bytes are added at the end
    /// of the file. - Throws: an `io` error naming the path.
    static func read(_ fd: Int32, at offset: Int, count: Int, after leftover: ArraySlice<UInt8>, path: String) throws -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: leftover.count + count) { buffer, initialized in
            let kept = leftover.withUnsafeBufferPointer { UnsafeMutableBufferPointer(rebasing: buffer[..<leftover.count]).initialize(fromContentsOf: $0) }
            initialized = kept
            while initialized < kept + count {
                let n = pread(fd, buffer.baseAddress! + initialized, kept + count - initialized, off_t(offset + initialized - kept))
                if n > 0 {
                    initialized += n
                } else if n == 0 {
                    return
                } else if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        guard failure == 0 else { throw BatchError(.io, "cannot read '\(path)': \(String(cString: strerror(failure)))") }
        return bytes
    }

    /// Closes a descriptor (errors on close of a read-only file carry no information).
    static func close(_ fd: Int32) {
        _ = posixClose(fd)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// The C `open` and `close`, under names that do not clash with ``InputFile``'s own.
private func posixOpen(_ path: UnsafePointer<CChar>) -> Int32 { open(path, O_RDONLY | O_CLOEXEC) }
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
