/// A job file with problems; the CLI prints every one and exits with code 2.
public struct JobFileInvalid: Error, Sendable, CustomStringConvertible {
    /// Each problem as `FILE:LINE:COLUMN: message` (1-based line and column).
    public var problems: [String]

    /// Creates the error.
    public init(problems: [String]) { self.problems = problems }

    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
