/// An error recorded with a job or step execution, kept so that operators can see why it failed.
public struct Failure: Sendable, Hashable, Codable {
    /// The error category (`parse`, `io`, ...) or `unclassified`.
    public var category: String
    /// The Swift type name of the error.
    public var type: String
    /// The error's description, with secrets already masked by the component that threw it.
    public var message: String

    /// Creates a failure record.
    public init(category: String, type: String, message: String) {
        self.category = category
        self.type = type
        self.message = message
    }

    /// Records an error, classifying it by its category.
    public init(_ error: any Error) {
        self.init(
            category: ErrorCategory.of(error)?.rawValue ?? "unclassified",
            type: String(describing: Swift.type(of: error)),
            message: String(describing: error)
        )
    }
}
