#if MySQL
import SQLKit

/// SQLKit's view of MySQL 8 / MariaDB 10.5+ syntax: backtick identifiers, `?` placeholders,
/// `AUTO_INCREMENT`, `ON DUPLICATE KEY UPDATE` upserts, `FOR UPDATE` / `LOCK IN SHARE MODE`.
/// (sql-kit ships no MySQL dialect of its own outside mysql-kit.)
public struct MySQLDialect: SQLDialect {
    /// Creates the dialect.
    public init() {}

    public var name: String { "mysql" }
    public var identifierQuote: any SQLExpression { SQLRaw("`") }
    public var literalStringQuote: any SQLExpression { SQLRaw("'") }
    public func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?") }
    public func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "TRUE" : "FALSE") }
    public var supportsAutoIncrement: Bool { true }
    public var autoIncrementClause: any SQLExpression { SQLRaw("AUTO_INCREMENT") }
    public var literalDefault: any SQLExpression { SQLRaw("DEFAULT") }
    public var supportsIfExists: Bool { true }
    public var enumSyntax: SQLEnumSyntax { .inline }
    public var supportsDropBehavior: Bool { true }
    // MariaDB has INSERT ... RETURNING, MySQL has none: builders must not rely on it.
    public var supportsReturning: Bool { false }
    public var upsertSyntax: SQLUpsertSyntax { .mysqlLike }
    public var unionFeatures: SQLUnionFeatures { [.union, .unionAll, .explicitDistinct, .parenthesizedSubqueries] }
    public var sharedSelectLockExpression: (any SQLExpression)? { SQLRaw("LOCK IN SHARE MODE") }
    public var exclusiveSelectLockExpression: (any SQLExpression)? { SQLRaw("FOR UPDATE") }
    public var alterTableSyntax: SQLAlterTableSyntax {
        SQLAlterTableSyntax(alterColumnDefinitionClause: SQLRaw("MODIFY COLUMN"), allowsBatch: true)
    }
    public var triggerSyntax: SQLTriggerSyntax {
        SQLTriggerSyntax(create: [.supportsBody, .conditionRequiresParentheses, .supportsOrder, .supportsDefiner], drop: [])
    }

    public func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? {
        switch dataType {
        // MySQL's TEXT cannot be a key without a prefix length; BLOB is its byte string.
        case .text: SQLRaw("VARCHAR(255)")
        case .blob: SQLRaw("LONGBLOB")
        case .real: SQLRaw("DOUBLE")
        default: nil
        }
    }

    public func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        guard !path.isEmpty else { return nil }
        let jsonPath = "$." + path.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ".")
        return SQLFunction("JSON_UNQUOTE", args: SQLFunction("JSON_EXTRACT", args: column, SQLLiteral.string(jsonPath)))
    }
}
#endif
