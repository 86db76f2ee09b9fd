import Foundation
import Sluice

/// The Hive-style partition directory of a record (`dt=2026-11-30/country=FR`), as the `parquet`
/// writer's `partition-by` builds it.
///
/// Column names and values are path-escaped: `/`, `=`, `%` and control characters become `%XX`
/// (upper-case hex of each UTF-8 byte), which Hive and pyarrow (`partitioning="hive"`) decode.
/// A null or empty value becomes ``defaultPartition``, as in Hive.
struct ParquetPartitionPath: Sendable {
    /// The directory name of a null (or empty) partition value.
    static let defaultPartition = "__HIVE_DEFAULT_PARTITION__"
    /// The partition columns, outermost directory first.
    let columns: [String]

    /// The relative directory of `record`: one `column=value` component per partition column.
    func directory(of record: Record) -> String {
        columns.map { column in
            Self.escape(column) + "=" + Self.escape(value: record[column] ?? .null)
        }.joined(separator: "/")
    }

    /// `record` without its partition columns (they are encoded in the directory instead).
    func stripped(_ record: Record) -> Record {
        var result = record
        for column in columns { result[column] = nil }
        return result
    }

    /// The escaped directory text of a partition value.
    static func escape(value: RecordValue) -> String {
        let text = value.description
        if value.isNull || text.isEmpty { return defaultPartition }
        return escape(text)
    }

    /// `text` with `/`, `=`, `%` and control characters (U+0000–U+001F, U+007F) as `%XX`.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "/", "=", "%", "\u{00}"..."\u{1F}", "\u{7F}":
                for byte in String(scalar).utf8 { result += String(format: "%%%02X", byte) }
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
