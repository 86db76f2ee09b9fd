extension ParquetWriter {
    /// Settings of a ``ParquetWriter``; the defaults follow common writers (Snappy, dictionary on, 1 MiB pages).
    public struct Options: Sendable {
        /// Page compression: UNCOMPRESSED, SNAPPY, and GZIP / ZSTD when their package traits are enabled
        /// (see ``ParquetCompressionCodec/isSupported``).
        public var compression: ParquetCompressionCodec = .snappy
        /// The compression level, nil for the codec's default: GZIP 0...9 (default 6), ZSTD libzstd's range,
        /// negative fast levels up to 22 (default 3); UNCOMPRESSED and SNAPPY take none.
        public var compressionLevel: Int?
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

        /// Throws the error a writer with these options would throw: an unsupported codec (or one whose
        /// package trait is off, saying how to enable it), a level the codec does not accept, non-positive sizes.
        public func validate() throws {
            _ = try pageCodec()
            guard rowGroupByteSize > 0, dataPageByteSize > 0, dictionaryPageByteLimit >= 0 else {
                throw ParquetError(.invalidValue, "writer sizes must be positive")
            }
        }

        /// The page codec for ``compression`` at ``compressionLevel``.
        func pageCodec() throws -> any PageCodec {
            try compression.makePageCodec(level: compressionLevel)
        }
    }
}
