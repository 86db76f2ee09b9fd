/// How a list column nests its elements, as read from the file's schema: the standard three-level
/// `LIST` (`<list> group (LIST) { repeated group list { <element> } }`), the legacy two-level form
/// (`group (LIST) { repeated <element> }`), or a bare `repeated` primitive.
///
/// Lists are read, not written. The column's ``ParquetColumn/type`` is the element type and its
/// ``ParquetColumn/isOptional`` says whether the list itself may be null.
public struct ParquetListShape: Hashable, Sendable {
    /// Whether an element may be null.
    public var isElementOptional: Bool
    /// Whether the list may be null (an optional `LIST` group).
    public var isListOptional: Bool

    /// Creates a shape.
    public init(isListOptional: Bool, isElementOptional: Bool) {
        self.isListOptional = isListOptional
        self.isElementOptional = isElementOptional
    }

    /// The definition level at which the list exists (0 when it is required).
    var listLevel: Int { isListOptional ? 1 : 0 }
    /// The highest definition level: an element with a value.
    var maxDefinitionLevel: Int { listLevel + 1 + (isElementOptional ? 1 : 0) }
    /// The highest repetition level (one level of lists).
    var maxRepetitionLevel: Int { 1 }
}
