/// Delivers interrupt requests (Ctrl-C, `kill`) to a job running in the foreground.
///
/// The first interrupt stops the execution gracefully at its next chunk or tasklet boundary
/// (STOPPED, exit 3); the second abandons waiting at once (exit 130) and leaves the execution
/// as the repository last saw it, for `sluice recover`.
public protocol InterruptSource: Sendable {
    /// Starts listening; each interrupt arrives as its ordinal (1, 2, ...). Listening ends when
    /// the consumer stops iterating the stream.
    func interrupts() -> AsyncStream<Int>
}
