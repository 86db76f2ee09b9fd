import Sluice

/// A driver that runs the `sql` writer's multi-row INSERTs itself, binding record values
/// directly instead of through SQLKit's generic `Encodable` binds (MySQL). The statements are the
/// same as ``SQLStatements/insert(into:columns:rows:)``'s: every value bound, split at the bind
/// limit and at ``SQLStatements/maxRowsPerStatement`` rows.
public protocol BulkInserting: Sendable {
    /// Inserts `rows` (values in the order of `columns`) into `table` on the transaction's connection.
    func insert(into table: SQLTableName, columns: [SQLName], rows: [[RecordValue]], on connection: any DriverConnection) async throws
}
