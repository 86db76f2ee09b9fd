import Sluice

/// A regular expression a field's whole value must match, compiled once.
///
/// `Regex` is not `Sendable` (its output type is generic), but an instance is immutable once
/// its program is compiled; the initialiser compiles it by matching once, before the pattern is
/// shared, so matching from several tasks only reads it.
public struct FieldPattern: @unchecked Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let source: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source` (Swift `Regex` syntax); throws when it is not a valid pattern.
    public init(_ source: String) throws {
        self.source = source
        regex = try Regex(source)
        _ = "".wholeMatch(of: regex)
    }

    /// Whether the whole of `text` matches.
    public func matches(_ text: String) -> Bool {
        (try? regex.wholeMatch(in: text)) != nil
    }

    public var description: String { source }

    public static func == (a: FieldPattern, b: FieldPattern) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
