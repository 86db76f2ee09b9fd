extension ParquetWriter {
    /// Settings of a ``ParquetWriter``; the defaults follow common writers (Snappy, dictionary on, 1 MiB pages).
    public struct Options: Sendable {
        /// Page compression; ``ParquetCompressionCodec/uncompressed`` and ``ParquetCompressionCodec/snappy`` are supported.
        public var compression: ParquetCompressionCodec = .snappy
        /// Buffered bytes after which the current row group is written; bounds the writer's memory.
        public var rowGroupByteSize: Int = 64 * 1024 * 1024
        /// Target size of a data page before compression.
        public var dataPageByteSize: Int = 1024 * 1024
        /// Whether columns start dictionary encoded (booleans never are).
        public var dictionaryEnabled: Bool = true
        /// Dictionary size in bytes past which a column chunk falls back to PLAIN.
        public var dictionaryPageByteLimit: Int = 1024 * 1024
        /// Key-value metadata stored in the footer, written in key order.
        public var keyValueMetadata: [String: String] = [:]
        /// The `created_by` string of the footer.
        public var createdBy: String = "sluice-parquet version 0.1.0"

        /// Creates options with the defaults.
        public init() {}

        func validate() throws {
            guard compression.isSupported else {
                throw ParquetError(.unsupported, "compression \(compression) is not supported for writing")
            }
            guard rowGroupByteSize > 0, dataPageByteSize > 0, dictionaryPageByteLimit >= 0 else {
                throw ParquetError(.invalidValue, "writer sizes must be positive")
            }
        }
    }
}
