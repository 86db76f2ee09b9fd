/// Somewhere text goes: standard output or error, or a buffer in tests.
public protocol TextSink: Sendable {
    /// Writes `text` as is (no newline is added).
    func write(_ text: String)
}
