/// A processor property that cannot be used, e.g. an expression in `set.total` that does not
/// parse. Thrown when a processor is built, never per item.
public struct ProcessorPropertyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The property path as written in the job file, e.g. `set.total` or `rules[0].if`.
    public var property: String
    /// What is wrong with it.
    public var message: String
    /// The 0-based character offset in the property's expression, when the error is in one.
    public var offset: Int?

    /// Creates an error for `property`.
    public init(property: String, message: String, offset: Int? = nil) {
        self.property = property
        self.message = message
        self.offset = offset
    }

    /// The error for an expression property that does not compile.
    public init(property: String, _ error: ExpressionSyntaxError) {
        self.init(property: property, message: error.description, offset: error.offset)
    }

    /// `set.total: unexpected ')' at column 7`.
    public var description: String { "\(property): \(message)" }
}

extension Expression {
    /// Compiles the expression of a processor property, naming the property on failure.
    static func compile(_ source: String, property: String) throws(ProcessorPropertyError) -> Expression {
        do throws(ExpressionSyntaxError) {
            return try Expression(source)
        } catch {
            throw ProcessorPropertyError(property: property, error)
        }
    }
}
