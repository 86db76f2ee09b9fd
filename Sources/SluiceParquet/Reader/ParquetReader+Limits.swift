extension ParquetReader {
    /// Sanity limits applied to untrusted files so corrupt sizes and counts fail fast instead of exhausting memory.
    public struct Limits: Sendable {
        /// Largest accepted footer (Thrift `FileMetaData`).
        public var maxFooterBytes: Int = 64 * 1024 * 1024
        /// Largest accepted row count of one row group; bounds the values materialised per column.
        public var maxRowsPerRowGroup: Int = 50_000_000
        /// Largest accepted compressed column chunk.
        public var maxColumnChunkBytes: Int = 1024 * 1024 * 1024
        /// Largest accepted uncompressed page.
        public var maxPageBytes: Int = 256 * 1024 * 1024

        /// Creates limits with the defaults.
        public init() {}
    }
}
