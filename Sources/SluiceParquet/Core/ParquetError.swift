/// An error raised by the Parquet format layer.
///
/// Every failure caused by malformed input carries the byte ``offset`` (relative to the start of the
/// file, or of the buffer being decoded) where the problem was detected, so corrupt files can be diagnosed.
public struct ParquetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of a ``ParquetError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The input is structurally invalid (bad lengths, bad enum values, inconsistent sizes).
        public static let malformed = Code("malformed")
        /// The input ends before a complete structure could be read.
        public static let truncated = Code("truncated")
        /// The input is valid Parquet but uses a feature this library does not implement.
        public static let unsupported = Code("unsupported")
        /// A declared size or count is beyond the configured sanity limits.
        public static let limitExceeded = Code("limitExceeded")
        /// A schema passed by the caller is invalid.
        public static let invalidSchema = Code("invalidSchema")
        /// A value passed by the caller does not match its column.
        public static let invalidValue = Code("invalidValue")
        /// A file could not be opened, read or written.
        public static let io = Code("io")
        /// The writer was used after ``ParquetWriter/close()``.
        public static let closed = Code("closed")

        /// The code's name.
        public var description: String { name }
    }

    /// What went wrong, as a category.
    public let code: Code
    /// A human readable explanation.
    public let message: String
    /// The byte offset at which malformed input was detected, when the error is about input bytes.
    public let offset: Int?

    /// Creates an error; `offset` is the byte position of the problem in the input, if any.
    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// The message, prefixed with the code and, when known, the byte offset.
    public var description: String {
        if let offset { return "parquet \(code) at byte \(offset): \(message)" }
        return "parquet \(code): \(message)"
    }

    static func malformed(_ message: String, at offset: Int) -> ParquetError {
        ParquetError(.malformed, message, offset: offset)
    }

    static func truncated(_ message: String, at offset: Int) -> ParquetError {
        ParquetError(.truncated, message, offset: offset)
    }
}
