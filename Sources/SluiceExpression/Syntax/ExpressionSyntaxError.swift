/// An expression that cannot be compiled: what is wrong and where.
///
/// `offset` is the 0-based character offset in the expression source, so that a loader that
/// knows where the expression sits in its file can report file, line and column.
public struct ExpressionSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, without the position (e.g. `unexpected ')'`).
    public var message: String
    /// The 0-based character offset of the offending text in the source.
    public var offset: Int

    /// Creates an error at a character offset.
    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// The message with its 1-based column, e.g. `unexpected ')' at column 7`.
    public var description: String { "\(message) at column \(offset + 1)" }
}
