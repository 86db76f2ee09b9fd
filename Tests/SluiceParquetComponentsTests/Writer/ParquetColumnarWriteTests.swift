import Foundation
import Sluice
import SluiceParquet
import Testing
@testable import SluiceParquetComponents

/// The `parquet` writer's columnar write (``ParquetItemWriter/write(_:attempt:)``) against its
/// record write: same files, same errors.
@Suite struct ParquetColumnarWriteTests {
    let columns: [ParquetColumnSpec] = [
        .init(name: "s", type: "string"), .init(name: "i", type: "int", nullable: false), .init(name: "d", type: "double"),
        .init(name: "m", type: "decimal", precision: 9, scale: 2), .init(name: "w", type: "decimal", precision: 20, scale: 4),
        .init(name: "b", type: "bool"), .init(name: "day", type: "date"), .init(name: "at", type: "timestamp", unit: "millis"),
        .init(name: "n", type: "int"),
    ]

    /// Rows of typed columns: text, ints, doubles (one column holding ints), decimals of mixed
    /// scales, booleans, dates, timestamps (a value column), with nulls; `n` is missing.
    func typedBatch(rows: Int) -> RecordBatch {
        var batch = RecordBatch(names: ["i", "s", "d", "m", "w", "b", "day", "at", "extra"],
                                kinds: [.int, .string, .int, .decimal, .decimal, .bool, .date, .timestamp, .int])
        for row in 0..<rows {
            batch.withColumn(0) { $0.append(row) }
            batch.withColumn(1) { column in
                if row % 5 == 0 { return column.appendNull() }
                var text = "customer-\(row % 7) with a longer name"
                text.withUTF8 { column.append(utf8: $0) }
            }
            batch.withColumn(2) { $0.append(row * 3) }
            batch.withColumn(3) { $0.append(decimal: Int64(row) * (row % 2 == 0 ? 1 : -1), scale: UInt8(row % 3)) }
            batch.withColumn(4) { row % 4 == 0 ? $0.appendNull() : $0.append(decimal: Int64(row) * 123_456, scale: 3) }
            batch.withColumn(5) { $0.append(row % 3 == 0) }
            batch.withColumn(6) { $0.append(CalendarDate(daysSince1970: row - 40)!) }
            batch.withColumn(7) { row % 6 == 0 ? $0.appendNull() : $0.append(value: .timestamp(Date(timeIntervalSince1970: Double(row) * 1.5))) }
            batch.withColumn(8) { $0.append(row) }
            batch.endRow()
        }
        return batch
    }

    /// Writes `chunks` (records or batches) and publishes; returns the file's bytes.
    func write(_ chunks: [Either], dir: String, columns: [ParquetColumnSpec]? = nil, partitionBy: [String]? = nil) async throws -> String {
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet", compression: "snappy", rowGroupSize: 40,
                                                             columns: columns ?? self.columns, partitionBy: partitionBy), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        for (attempt, chunk) in chunks.enumerated() {
            switch chunk {
            case .records(let records): try await writer.write(Chunk(records, attempt: attempt))
            case .batch(let batch): try await writer.write(batch, attempt: attempt)
            }
            try await writer.update(&context)
        }
        try await writer.complete(&context)
        try await writer.close()
        return dir
    }

    enum Either {
        case records([Record])
        case batch(RecordBatch)
    }

    @Test func writesTheSameFileAsTheRecordWrite() async throws {
        let batches = [typedBatch(rows: 37), typedBatch(rows: 50)]
        let columnar = try await write(batches.map { .batch($0) }, dir: try scratchDirectory("columnar"))
        let records = try await write(batches.map { .records($0.records) }, dir: try scratchDirectory("records"))
        let a = try Data(contentsOf: URL(fileURLWithPath: columnar + "/o.parquet"))
        let b = try Data(contentsOf: URL(fileURLWithPath: records + "/o.parquet"))
        #expect(a == b)
        let read = try await readAll(columnar + "/o.parquet")
        #expect(read.count == 87)
        #expect(read[1]["m"] == .decimal(Decimal(string: "-0.1")!) && read[1]["n"] == .null)
        #expect(read[2]["d"] == .double(6))
    }

    @Test func valueColumnsTakeTheRecordConversion() async throws {
        let records = (0..<10).map { Record([("i", .int($0)), ("d", $0 % 2 == 0 ? .int($0) : .double(0.5)), ("m", .int($0))]) }
        let dir = try await write([.batch(RecordBatch(records))], dir: try scratchDirectory("values"))
        let read = try await readAll(dir + "/o.parquet")
        let expected: [RecordValue?] = (0..<10).map { row in RecordValue.double(row % 2 == 0 ? Double(row) : 0.5) }
        #expect(read.map { $0["d"] } == expected)
        #expect(read[3]["m"] == .decimal(3))
    }

    @Test(arguments: [
        ("decimal scale", 3, "field 'm' holds decimal '0.005'"),
        ("decimal precision", 4, "field 'm' holds decimal '12345678.9'"),
        ("type", 5, "field 'i' holds string 'x'"),
        ("required", 6, "field 'i' is null but the column is required"),
    ])
    func aValueThatDoesNotFitGivesTheRecordWritesErrorAndKeepsNothing(_ label: String, badRow: Int, message: String) async throws {
        var batch = RecordBatch(names: ["i", "m"], kinds: [.int, .decimal])
        for row in 0..<8 {
            batch.withColumn(0) { column in
                switch (row, badRow) {
                case (5, 5): column.append(value: .string("x"))
                case (6, 6): column.appendNull()
                default: column.append(row)
                }
            }
            batch.withColumn(1) { column in
                switch (row, badRow) {
                case (3, 3): column.append(decimal: 5, scale: 3)
                case (4, 4): column.append(decimal: 123_456_789, scale: 1)
                default: column.append(decimal: Int64(row), scale: 1)
                }
            }
            batch.endRow()
        }
        let dir = try scratchDirectory("bad-\(label.replacingOccurrences(of: " ", with: "-"))")
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet", columns: Array(columns[1...3])), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        var recordMessage: String?
        do { try await writer.write(Chunk(batch.records, attempt: 1)) } catch let error as BatchError { recordMessage = error.message }
        var batchError: BatchError?
        do { try await writer.write(batch, attempt: 1) } catch let error as BatchError { batchError = error }
        #expect(batchError?.category == .validation)
        #expect(batchError?.message == recordMessage)
        #expect(batchError?.message.contains(message) == true)
        try await writer.write(RecordBatch([Record([("i", 1), ("m", .decimal(2))])]), attempt: 1)
        try await writer.update(&context)
        try await writer.complete(&context)
        let read = try await readAll(dir + "/o.parquet")
        #expect(read.map { $0["i"] } == [1] && read.map { $0["m"] } == [.decimal(2)])
    }

    @Test func aPartitionedWriterTakesTheBatchAsRecords() async throws {
        var batch = RecordBatch(names: ["k", "v"], kinds: [.string, .int])
        for row in 0..<6 {
            batch.withColumn(0) { column in
                var key = row % 2 == 0 ? "even" : "odd"
                key.withUTF8 { column.append(utf8: $0) }
            }
            batch.withColumn(1) { $0.append(row) }
            batch.endRow()
        }
        let dir = try await write([.batch(batch)], dir: try scratchDirectory("partitioned"), columns: [.init(name: "v", type: "int")],
                                  partitionBy: ["k"])
        #expect(try await readAll(dir + "/k=even/o.parquet").map { $0["v"] } == [0, 2, 4])
        #expect(try await readAll(dir + "/k=odd/o.parquet").map { $0["v"] } == [1, 3, 5])
    }
}
