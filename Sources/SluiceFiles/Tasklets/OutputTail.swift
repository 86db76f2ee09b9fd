#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The last `limit` bytes a child process wrote to one of its pipes: enough to explain a failure
/// without holding a verbose command's whole output in memory.
final class OutputTail: Sendable {
    /// The number of bytes kept.
    let limit: Int
    private let bytes = Mutex<[UInt8]>([])

    /// A tail keeping the last `limit` bytes.
    init(limit: Int) { self.limit = max(0, limit) }

    /// Adds bytes read from the pipe, dropping the oldest beyond the limit (in batches, so the
    /// cost stays linear in the output).
    func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.withLock { kept in
            kept.append(contentsOf: chunk)
            if kept.count > 2 * limit + 4096 { kept.removeFirst(kept.count - limit) }
        }
    }

    /// The tail as text: at most `limit` bytes, starting at a character boundary, invalid UTF-8
    /// replaced.
    var text: String {
        bytes.withLock { kept in
            var tail = kept.suffix(limit)
            while let first = tail.first, first & 0xC0 == 0x80 { tail = tail.dropFirst() }
            return String(decoding: tail, as: UTF8.self)
        }
    }

    /// Reads `descriptor` into the tail until end of file, or until `abandon` returns true
    /// (checked every 100 ms while the pipe is quiet: a grandchild that escaped the process group
    /// may keep it open forever). Closes the descriptor. Blocks: run it on a ``DedicatedThread``.
    func drain(_ descriptor: Int32, abandon: () -> Bool) {
        defer { _ = close(descriptor) }
        var block = [UInt8](repeating: 0, count: 16_384)
        while true {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, 100)
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 {
                if abandon() { return }
                continue
            }
            let n = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n == 0 { return }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            block.withUnsafeBytes { append(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
    }
}
