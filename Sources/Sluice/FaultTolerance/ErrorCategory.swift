/// The class of an error, which retry, skip and no-rollback policies match on.
///
/// Components throw errors conforming to ``CategorizedError`` (or ``BatchError``) to say what kind
/// of failure happened; policies then decide by category, independent of the component.
public struct ErrorCategory: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// Malformed input (a bad CSV line, invalid JSON).
    public static let parse: ErrorCategory = "parse"
    /// An item failed a validation rule or an expression's type check.
    public static let validation: ErrorCategory = "validation"
    /// A database constraint was violated (duplicate key, foreign key, NOT NULL).
    public static let constraint: ErrorCategory = "constraint"
    /// A file or stream operation failed.
    public static let io: ErrorCategory = "io"
    /// An operation took too long.
    public static let timeout: ErrorCategory = "timeout"
    /// A connection could not be made or was lost.
    public static let connection: ErrorCategory = "connection"
    /// A failure that may succeed when tried again (deadlock, throttling).
    public static let transient: ErrorCategory = "transient"

    /// The built-in categories.
    public static let builtIn: [ErrorCategory] = [.parse, .validation, .constraint, .io, .timeout, .connection, .transient]

    /// The category of any error: its own if it is a ``CategorizedError``, else nil.
    public static func of(_ error: any Error) -> ErrorCategory? {
        (error as? any CategorizedError)?.category
    }
}

/// An error that knows its ``ErrorCategory``.
public protocol CategorizedError: Error {
    /// What kind of failure this is.
    var category: ErrorCategory { get }
}

/// A general-purpose categorized error for components: a category and a message that names the
/// file, line, field or item at fault (and never a secret).
public struct BatchError: CategorizedError, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public var category: ErrorCategory
    /// What went wrong and where.
    public var message: String

    /// Creates an error.
    public init(_ category: ErrorCategory, _ message: String) {
        self.category = category
        self.message = message
    }

    public var description: String { message }
}

/// Selects errors by category name or by Swift type name, as written in `retry.on` / `skip.on`.
public struct ErrorMatcher: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// A category name or a Swift error type name.
    public var name: String

    /// Matches errors of this category or type name.
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { name = value }
    /// Matches errors of a category.
    public init(_ category: ErrorCategory) { name = category.rawValue }
    /// Matches errors of a Swift type.
    public init<E: Error>(_ type: E.Type) { name = String(describing: type) }

    public var description: String { name }

    /// Whether `error` has this category or this type name.
    public func matches(_ error: any Error) -> Bool {
        if let category = ErrorCategory.of(error), category.rawValue == name { return true }
        return String(describing: type(of: error)) == name
    }

    /// Matches errors of category `parse`.
    public static let parse = ErrorMatcher(.parse)
    /// Matches errors of category `validation`.
    public static let validation = ErrorMatcher(.validation)
    /// Matches errors of category `constraint`.
    public static let constraint = ErrorMatcher(.constraint)
    /// Matches errors of category `io`.
    public static let io = ErrorMatcher(.io)
    /// Matches errors of category `timeout`.
    public static let timeout = ErrorMatcher(.timeout)
    /// Matches errors of category `connection`.
    public static let connection = ErrorMatcher(.connection)
    /// Matches errors of category `transient`.
    public static let transient = ErrorMatcher(.transient)
}

extension Array where Element == ErrorMatcher {
    /// Whether any matcher in the list matches `error`.
    func matches(_ error: any Error) -> Bool { contains { $0.matches(error) } }
}
