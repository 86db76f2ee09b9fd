import Logging
import Sluice

/// A driver that can stream rows into a table faster than INSERT statements (PostgreSQL's
/// `COPY ... FROM STDIN`). The `sql` writer's `copy` mode uses it.
public protocol BulkCopying: Sendable {
    /// Streams `rows` into `table` on the transaction's connection. `types` are the columns'
    /// declared types when the caller knows them (PostgreSQL then copies in binary format where
    /// they allow it); nil otherwise. `prepared` is what ``prepareCopy(columns:types:rows:)``
    /// returned for the same arguments, when the caller prepared ahead of the transaction.
    func copy(into table: String, columns: [String], types: [String]?, rows: [[RecordValue]], prepared: (any Sendable)?,
              on connection: any DriverConnection, logger: Logger) async throws

    /// Encodes `rows` for ``copy(into:columns:types:rows:prepared:on:logger:)`` without a
    /// connection, so the work can run before the chunk's transaction; nil when the driver
    /// encodes nothing ahead.
    func prepareCopy(columns: [String], types: [String]?, rows: [[RecordValue]]) -> (any Sendable)?
}

extension BulkCopying {
    public func prepareCopy(columns: [String], types: [String]?, rows: [[RecordValue]]) -> (any Sendable)? { nil }
}
