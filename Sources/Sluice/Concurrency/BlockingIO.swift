import Dispatch
import Foundation

/// Runs blocking calls (file-system work, encoding a whole chunk) off Swift's cooperative thread
/// pool, whose few threads must never wait on the kernel. Shared by the adapters (files, Parquet).
///
/// Callers hand over large blocks (hundreds of kilobytes), so the one thread hop per call is
/// negligible next to the work it carries.
public enum BlockingIO {
    private static let queue = DispatchQueue(label: "sluice.blocking-io", qos: .userInitiated, attributes: .concurrent)

    /// Runs `body` on the blocking-I/O queue and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The sizes of `paths` (0 for any that cannot be read), for progress estimates.
    public static func fileSizes(_ paths: [String]) async -> [Int] {
        (try? await run {
            paths.map { path in
                var info = stat()
                return stat(path, &info) == 0 ? Int(info.st_size) : 0
            }
        }) ?? paths.map { _ in 0 }
    }
}
