import Sluice

/// Filters and reshapes records: the `transform` processor of job files.
///
/// Per item, in this order: `filter` (an item for which it is false or null is filtered out),
/// then `set` (in order; each expression sees the fields set before it; a new field is appended,
/// an existing one replaced in place), then `rename` (in order; a missing field is ignored, a
/// field already called the new name is replaced), then `remove` (missing fields are ignored).
/// Expression errors are ``BatchError``s of category `validation`, so skip policies apply.
public struct TransformProcessor: ItemProcessor {
    public typealias Input = Record
    public typealias Output = Record

    /// Keeps the items for which it is true; nil keeps every item.
    public let filter: Expression?
    /// The fields to set, in order.
    public let assignments: [FieldAssignment]
    /// The fields to rename, in order.
    public let renames: [FieldRename]
    /// The fields to remove.
    public let removals: [String]
    /// The roots the expressions see besides the item (job parameters and so on).
    public let scope: ExpressionScope

    /// A processor from compiled parts.
    public init(
        filter: Expression? = nil, set assignments: [FieldAssignment] = [], rename renames: [FieldRename] = [],
        remove removals: [String] = [], scope: ExpressionScope = .empty
    ) {
        self.filter = filter
        self.assignments = assignments
        self.renames = renames
        self.removals = removals
        self.scope = scope
    }

    /// A processor from job-file properties, compiling every expression; errors name the
    /// property, e.g. `set.total: unexpected ')' at column 7`.
    public init(properties: TransformProperties, scope: ExpressionScope = .empty) throws(ProcessorPropertyError) {
        let filter = try properties.filter.map { source throws(ProcessorPropertyError) in
            try Expression.compile(source, property: "filter")
        }
        var assignments: [FieldAssignment] = []
        for entry in properties.set.entries {
            assignments.append(FieldAssignment(entry.name, try Expression.compile(entry.value, property: "set.\(entry.name)")))
        }
        self.init(
            filter: filter, set: assignments, rename: properties.rename.entries.map { FieldRename($0.name, to: $0.value) },
            remove: properties.remove, scope: scope)
    }

    /// The transformed item, or nil when the filter rejects it.
    public func transform(_ item: Record) throws(BatchError) -> Record? {
        if let filter, try !filter.isTrue(item, in: scope) { return nil }
        var record = item
        for assignment in assignments {
            let value = try assignment.expression.evaluate(record, in: scope)
            record[assignment.field] = Optional(value)
        }
        for rename in renames { record.rename(rename.from, to: rename.to) }
        for field in removals { record[field] = nil }
        return record
    }

    /// Processes one item with ``transform(_:)``.
    public func process(_ item: Record) async throws -> Record? {
        try transform(item)
    }

    /// Transforms a chunk in one synchronous loop; items before a failing one stay in `outputs`.
    public func process(_ items: [Record], into outputs: inout [Record]) async throws {
        outputs.reserveCapacity(outputs.count + items.count)
        for item in items {
            if let result = try transform(item) { outputs.append(result) }
        }
    }
}
