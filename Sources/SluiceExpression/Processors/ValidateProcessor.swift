import Sluice

/// Checks records and converts typed fields: the `validate` processor of job files.
///
/// Per item, in this order: `required` fields must be present, not null and not `""`; `types`
/// convert fields to their type (see ``FieldType/converting(_:)``: a string that converts
/// cleanly is accepted and replaced by the typed value); `ranges` bound numbers inclusively;
/// `patterns` must match the whole value (non-strings match their text). Types, ranges and
/// patterns skip absent and null fields (that is what `required` is for). When all of that
/// passes, every rule must be true (null counts as false); rules see the converted fields.
///
/// A failing item throws one ``BatchError`` of category `validation` listing every problem found
/// (`; `-separated), each naming the field, the check and the value, so skip policies apply.
public struct ValidateProcessor: ItemProcessor {
    public typealias Input = Record
    public typealias Output = Record

    /// Fields that must be present, not null and not empty.
    public let required: [String]
    /// Field types, in order.
    public let types: [(field: String, type: FieldType)]
    /// Numeric bounds per field.
    public let ranges: [(field: String, range: ValueRange)]
    /// Whole-value patterns per field.
    public let patterns: [(field: String, pattern: FieldPattern)]
    /// Conditions every item must meet.
    public let rules: [ValidationRule]
    /// The roots the rules see besides the item.
    public let scope: ExpressionScope

    /// A processor from compiled parts.
    public init(
        required: [String] = [], types: [(field: String, type: FieldType)] = [],
        ranges: [(field: String, range: ValueRange)] = [], patterns: [(field: String, pattern: FieldPattern)] = [],
        rules: [ValidationRule] = [], scope: ExpressionScope = .empty
    ) {
        self.required = required
        self.types = types
        self.ranges = ranges
        self.patterns = patterns
        self.rules = rules
        self.scope = scope
    }

    /// A processor from job-file properties, compiling patterns and rules; errors name the
    /// property, e.g. `patterns.email: ...` or `rules[0].if: ...`.
    public init(properties: ValidateProperties, scope: ExpressionScope = .empty) throws(ProcessorPropertyError) {
        var patterns: [(field: String, pattern: FieldPattern)] = []
        for entry in properties.patterns.entries {
            do {
                patterns.append((entry.name, try FieldPattern(entry.value)))
            } catch {
                throw ProcessorPropertyError(property: "patterns.\(entry.name)", message: "invalid regular expression: \(error)")
            }
        }
        var rules: [ValidationRule] = []
        for (index, rule) in properties.rules.enumerated() {
            let condition = try Expression.compile(rule.condition, property: "rules[\(index)].if")
            rules.append(ValidationRule(condition, message: rule.message))
        }
        for entry in properties.ranges.entries {
            if let min = entry.value.min, let max = entry.value.max, min > max {
                throw ProcessorPropertyError(property: "ranges.\(entry.name)", message: "min \(min) is greater than max \(max)")
            }
        }
        self.init(
            required: properties.required, types: properties.types.entries.map { ($0.name, $0.value) },
            ranges: properties.ranges.entries.map { ($0.name, $0.value) }, patterns: patterns, rules: rules, scope: scope)
    }

    /// The item with typed fields converted, or a validation error listing every problem.
    public func validate(_ item: Record) throws(BatchError) -> Record {
        var record = item
        var problems: [String] = []
        checkRequired(record, &problems)
        convertTypes(&record, &problems)
        checkRanges(record, &problems)
        checkPatterns(record, &problems)
        if problems.isEmpty { checkRules(record, &problems) }
        guard problems.isEmpty else { throw BatchError(.validation, problems.joined(separator: "; ")) }
        return record
    }

    /// Processes one item with ``validate(_:)``.
    public func process(_ item: Record) async throws -> Record? {
        try validate(item)
    }

    /// Validates a chunk in one synchronous loop; items before a failing one stay in `outputs`.
    public func process(_ items: [Record], into outputs: inout [Record]) async throws {
        outputs.reserveCapacity(outputs.count + items.count)
        for item in items { outputs.append(try validate(item)) }
    }
}
