import Foundation

/// Runs a blocking body that may take long (waiting for a child process, reading its pipes,
/// copying a large file) on a thread of its own: neither the cooperative pool nor the few threads
/// of ``BlockingIO``, which file writers need for their short calls, are held up.
enum DedicatedThread {
    /// Runs `body` on a new thread named `name` and returns its result.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
