/// The resolution of a Parquet timestamp.
public enum ParquetTimeUnit: String, Hashable, Sendable {
    /// Milliseconds since the Unix epoch.
    case milliseconds
    /// Microseconds since the Unix epoch.
    case microseconds
    /// Nanoseconds since the Unix epoch (read only; the writer emits millis and micros).
    case nanoseconds
}
