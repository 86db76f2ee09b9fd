/// One `rename` entry of a ``TransformProcessor``.
public struct FieldRename: Sendable, Hashable {
    /// The current field name.
    public var from: String
    /// The new name; a field already called so is replaced.
    public var to: String

    /// Renames `from` to `to`, keeping the field's position.
    public init(_ from: String, to: String) {
        self.from = from
        self.to = to
    }
}
