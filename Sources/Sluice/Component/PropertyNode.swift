/// A configuration value as written in a job file — a scalar, a list or a map with its keys in
/// document order — together with where it was written.
///
/// Components never see YAML: the job loader turns the file into property nodes, and each
/// component decodes its own `Decodable` properties from them with ``PropertyDecoder``, which
/// reports problems at the node's location.
public struct PropertyNode: Sendable, Hashable {
    /// The value.
    public var content: Content
    /// Where the value was written; nil for values made in code.
    public var location: SourceLocation?

    /// The kinds of value.
    public enum Content: Sendable, Hashable {
        /// An absent value (`null`, `~` or nothing).
        case null
        /// A scalar as written; `quoted` scalars are always strings.
        case scalar(String, quoted: Bool)
        /// A sequence.
        case list([PropertyNode])
        /// A mapping, keys in document order.
        case map([PropertyEntry])
    }

    /// Creates a node.
    public init(_ content: Content, at location: SourceLocation? = nil) {
        self.content = content
        self.location = location
    }

    /// A plain (unquoted) scalar.
    public static func scalar(_ text: String, at location: SourceLocation? = nil) -> PropertyNode {
        PropertyNode(.scalar(text, quoted: false), at: location)
    }

    /// A map node.
    public static func map(_ entries: [PropertyEntry], at location: SourceLocation? = nil) -> PropertyNode {
        PropertyNode(.map(entries), at: location)
    }

    /// The scalar text, or nil for other kinds.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { text } else { nil }
    }

    /// The entries of a map, or nil for other kinds.
    public var entries: [PropertyEntry]? {
        if case .map(let entries) = content { entries } else { nil }
    }

    /// The items of a list, or nil for other kinds.
    public var items: [PropertyNode]? {
        if case .list(let items) = content { items } else { nil }
    }

    /// The value of a map's key, or nil when absent or not a map.
    public subscript(key: String) -> PropertyNode? {
        entries?.first { $0.key == key }?.value
    }

    /// A short name of the kind, for messages ("a map", "a list", "a scalar", "null").
    public var kindDescription: String {
        switch content {
        case .null: "null"
        case .scalar(let text, _): "'\(text)'"
        case .list: "a list"
        case .map: "a map"
        }
    }

    /// Applies `transform` to every scalar of the tree (used for `${env:...}` and `#{...}`).
    public func mapScalars(_ transform: (String, Bool, SourceLocation?) throws -> String) rethrows -> PropertyNode {
        var copy = self
        switch content {
        case .null: break
        case .scalar(let text, let quoted): copy.content = .scalar(try transform(text, quoted, location), quoted: quoted)
        case .list(let items): copy.content = .list(try items.map { try $0.mapScalars(transform) })
        case .map(let entries):
            copy.content = .map(try entries.map { entry in
                var e = entry
                e.value = try entry.value.mapScalars(transform)
                return e
            })
        }
        return copy
    }
}

/// One `key: value` of a map node.
public struct PropertyEntry: Sendable, Hashable {
    /// The key as written.
    public var key: String
    /// Where the key was written.
    public var keyLocation: SourceLocation?
    /// The value.
    public var value: PropertyNode

    /// Creates an entry.
    public init(_ key: String, _ value: PropertyNode, at keyLocation: SourceLocation? = nil) {
        self.key = key
        self.value = value
        self.keyLocation = keyLocation ?? value.location
    }
}

extension PropertyNode: Decodable {
    /// A property can capture its raw sub-tree (to decode it later, or to read scalars as
    /// written); only ``PropertyDecoder`` provides one.
    public init(from decoder: any Decoder) throws {
        guard let nodeDecoder = decoder as? PropertyNodeDecoder else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a PropertyNode decodes only with PropertyDecoder"))
        }
        self = nodeDecoder.node
    }
}
