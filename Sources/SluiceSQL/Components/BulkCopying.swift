import Logging
import Sluice

/// A driver that can stream rows into a table faster than INSERT statements (PostgreSQL's
/// `COPY ... FROM STDIN`). The `sql` writer's `copy` mode uses it.
public protocol BulkCopying: Sendable {
    /// Streams `rows` into `table` on the transaction's connection.
    func copy(into table: String, columns: [String], rows: [[RecordValue]], on connection: any DriverConnection, logger: Logger) async throws
}
