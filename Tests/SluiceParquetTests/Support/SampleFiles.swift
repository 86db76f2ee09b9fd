import Foundation
@testable import SluiceParquet

/// Builders of Parquet files used by several suites.
enum SampleFiles {
    /// A schema with every writable type, each column optional or required as its name says.
    static let allTypesSchema = ParquetSchema([
        .required("id", .int64),
        .optional("flag", .boolean),
        .optional("small", .int32),
        .optional("ratio", .float),
        .optional("score", .double),
        .optional("name", .string),
        .optional("blob", .binary),
        .optional("day", .date),
        .optional("at_ms", .timestamp(.milliseconds)),
        .optional("at_us", .timestamp(.microseconds)),
        .optional("price", .decimal(ParquetDecimalType(precision: 9, scale: 2))),
        .optional("amount", .decimal(ParquetDecimalType(precision: 18, scale: 4))),
        .optional("big", .decimal(ParquetDecimalType(precision: 30, scale: 3))),
        .optional("code", .fixedLengthBinary(3)),
    ])

    /// Row `index` of the all-types sample: every seventh row has nulls in the optional columns.
    static func allTypesRow(_ index: Int) -> [ParquetValue] {
        let i = Int64(index)
        if index % 7 == 3 { return [.int64(i)] + Array(repeating: .null, count: allTypesSchema.columns.count - 1) }
        return [
            .int64(i),
            .bool(index % 2 == 0),
            .int32(Int32(index % 100) - 50),
            .float(Float(index) / 4),
            .double(Double(index) * 1.5 - 100),
            .string("name-\(index % 13)-é"),
            .bytes([UInt8(index % 256), 0, 255]),
            .date(Int32(18_000 + index)),
            .timestamp(1_700_000_000_000 + i, .milliseconds),
            .timestamp(1_700_000_000_000_000 + i * 1_000, .microseconds),
            .decimal(ParquetDecimal(unscaled: i * 101 - 5_000, scale: 2)),
            .decimal(ParquetDecimal(unscaled: -i * 1_000_003, scale: 4)),
            .decimal(ParquetDecimal(unscaledBigEndian: [0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x11, UInt8(index % 256)], scale: 3)),
            .bytes([65, 66, UInt8(65 + index % 26)]),
        ]
    }

    /// A batch of the all-types sample rows `range`.
    static func allTypesBatch(_ range: Range<Int>) throws -> ParquetColumnBatch {
        var batch = ParquetColumnBatch(columns: allTypesSchema.columns)
        for index in range { try batch.append(row: allTypesRow(index)) }
        return batch
    }

    /// Writes `rows` rows of the all-types sample and returns the file's bytes.
    static func writeAllTypes(to path: String, rows: Int, options: ParquetWriter.Options = ParquetWriter.Options()) throws -> [UInt8] {
        let writer = try ParquetWriter(path: path, schema: allTypesSchema, options: options)
        for index in 0..<rows { try writer.append(row: allTypesRow(index)) }
        try writer.close()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
