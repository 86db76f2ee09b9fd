import Dispatch

/// Runs blocking file-system work (open, read, write, rename, Parquet encoding of a chunk) off
/// Swift's cooperative thread pool, whose few threads must never wait on the kernel.
///
/// Callers hand over a whole chunk's work per call, so the one thread hop is negligible next to
/// the work it carries.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "sluice.parquet.blocking-io", qos: .userInitiated, attributes: .concurrent)

    /// Runs `body` on the blocking-I/O queue and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
