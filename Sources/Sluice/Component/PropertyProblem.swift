/// One problem in a job file or a component's properties, reported as `FILE:LINE:COLUMN: message`.
public struct PropertyProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; nil when not known.
    public var location: SourceLocation?
    /// What is wrong, in one line.
    public var message: String

    /// Creates a problem.
    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    /// `FILE:LINE:COLUMN: message`, or only the message without a location.
    public var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }
}

/// Every problem found in a job file or a component's properties (not only the first).
public struct PropertyProblems: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in the order found.
    public var problems: [PropertyProblem]

    /// Creates the error.
    public init(_ problems: [PropertyProblem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
