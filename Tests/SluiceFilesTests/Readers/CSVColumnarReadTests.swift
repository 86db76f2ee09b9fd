import Foundation
import Sluice
import Testing
@testable import SluiceFiles

/// The `csv` reader's columnar read (``CSVItemReader/read(into:limit:)`` with a batch) against
/// its record read: same rows, errors and restart state.
@Suite struct CSVColumnarReadTests {
    /// Every row read in batches of `chunk`, with the errors thrown on the way (a failed read
    /// keeps nothing of its batch, as the engine drops a failed chunk) and the context after each batch.
    func readBatches(_ reader: CSVItemReader, chunk: Int = 3, context: ExecutionContext = ExecutionContext())
        async throws -> (rows: [Record], batches: [RecordBatch], errors: [String], last: ExecutionContext) {
        try await reader.open(context)
        var rows: [Record] = []
        var batches: [RecordBatch] = []
        var errors: [String] = []
        var saved = ExecutionContext()
        while errors.count < 20 {
            var batch = RecordBatch()
            do {
                let more = try await reader.read(into: &batch, limit: chunk)
                batches.append(batch)
                rows += batch.records
                try await reader.update(&saved)
                if !more { break }
            } catch let error as BatchError {
                errors.append(error.message)
            }
        }
        try await reader.close()
        return (rows, batches, errors, saved)
    }

    let columns: [ColumnSpec] = [
        ColumnSpec("i", type: .int), ColumnSpec("m", type: .decimal), ColumnSpec("x", type: .double), ColumnSpec("b", type: .bool),
        ColumnSpec("day", type: .date), ColumnSpec("at", type: .timestamp),
    ]

    @Test func givesTheSameRowsAsTheRecordRead() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("mixed.csv", #"""
            i,m,x,b,day,at,s
            -42,12.50,1e3,Yes,2024-02-29,2024-03-01T12:30:05.250+01:00,plain
            ,,,,,,
            7,-0.00,0.1,n,1969-12-31,2024-03-01,"quoted, with ""quotes"""
            9223372036854775807,12345678901234567890.5,-2.5e-3,TRUE,0001-01-01,2024-03-01 12:00,Ünïcødé text longer than fifteen
            1,1.5e2,3,0,2026-12-01,2024-03-01T00:00:00Z,"two
            lines"
            """#)
        let expected = try await readAll(try CSVItemReader(path: path, columns: columns))
        for chunk in [1, 2, 100] {
            let read = try await readBatches(try CSVItemReader(path: path, columns: columns), chunk: chunk)
            #expect(read.errors.isEmpty)
            #expect(read.rows == expected)
        }
        let one = try await readBatches(try CSVItemReader(path: path, columns: columns), chunk: 100)
        let kinds = one.batches[0].columns.map(\.kind)
        #expect(kinds == [.int, .value, .double, .bool, .date, .timestamp, .string])  // a 20-digit decimal needs values
        #expect(expected[2]["m"] == .decimal(0))
    }

    @Test func runsThatMixBulkAndPerValueFieldsGiveTheRecordReadsRows() async throws {
        // Columns whose fields alternate between what the bulk conversion takes and what only the
        // per-value conversion takes (exponents, wide decimals, quotes, non-ASCII, nulls first).
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        var text = "i,x,m,s,b\n"
        for row in 0..<300 {
            let x = row % 3 == 0 ? "\(row)e-2" : row % 7 == 0 ? "" : "\(row).5"
            let m = row % 5 == 0 ? "1234567890123456789\(row).25" : row < 9 ? "" : "-\(row).0\(row % 10)"
            let s = row % 4 == 0 ? "\"q \"\"\(row)\"\"\"" : row % 6 == 1 ? "ü\(row)" : row % 11 == 0 ? "" : "s\(row)"
            let b = row < 40 ? "" : row % 2 == 0 ? "yes" : "N"
            text += "\(row < 20 ? "" : String(row)),\(x),\(m),\(s),\(b)\n"
        }
        let path = try dir.write("mixed-runs.csv", text)
        let columns = [ColumnSpec("i", type: .int), ColumnSpec("x", type: .double), ColumnSpec("m", type: .decimal), ColumnSpec("b", type: .bool)]
        let expected = try await readAll(try CSVItemReader(path: path, columns: columns))
        #expect(expected.count == 300 && expected[0]["i"] == .null && expected[5]["m"] != .null)
        for chunk in [7, 100, 1_000] {
            let read = try await readBatches(try CSVItemReader(path: path, columns: columns), chunk: chunk)
            #expect(read.errors.isEmpty)
            #expect(read.rows == expected)
        }
    }

    @Test func aBadFieldFailsItsRecordWithTheRecordReadsMessageAndKeepsTheRowsBefore() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("bad.csv", "i,m,s\n1,1.5,a\n2,x,b\n3,2.25,c\n4,4,d,extra\n5,5,e\n")
        let columns = [ColumnSpec("i", type: .int), ColumnSpec("m", type: .decimal)]
        let records = try await readSkippingErrors(try await openedReader(path, columns))
        let read = try await readBatches(try CSVItemReader(path: path, columns: columns), chunk: 10)
        #expect(read.errors == records.errors.map(\.message))
        #expect(read.errors.count == 2 && read.errors[0].contains("bad.csv:3: column 'm': 'x' is not a valid decimal"))
        // Each failed batch is dropped whole (as the engine drops a failed chunk): rows 1 and 3 go with it.
        #expect(read.rows.map { $0["i"] } == [.int(5)])
        // The batch that failed keeps the rows read before the bad one, and nothing of the bad one.
        let first = try CSVItemReader(path: path, columns: columns)
        try await first.open(ExecutionContext())
        var batch = RecordBatch()
        var failed = false
        do { _ = try await first.read(into: &batch, limit: 10) } catch is BatchError { failed = true }
        #expect(failed)
        #expect(batch.records.map { $0["i"] } == [.int(1)])
        #expect(batch.columns.map(\.count) == [1, 1, 1])
    }

    @Test func theFirstBadRecordWinsWhicheverOfItsColumnsFailsAndLinesCountAcrossTheRun() async throws {
        // The columnar read scans a run of records, then converts column by column: line 6 has a
        // bad third field and line 7 a bad first one, after a two-line record and a blank line;
        // line 8 has a field too many.
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("order.csv", "i,m,b,s\n1,1.5,yes,\"two\nlines\"\n2,2,no,a\n\n3,3,maybe,b\nx,4,yes,c\n5,5,y,d,extra\n6,6,n,e\n")
        let columns = [ColumnSpec("i", type: .int), ColumnSpec("m", type: .decimal), ColumnSpec("b", type: .bool)]
        let records = try await readSkippingErrors(try await openedReader(path, columns))
        #expect(records.errors.map(\.message) == [
            "\(path):6: column 'b': 'maybe' is not a valid bool", "\(path):7: column 'i': 'x' is not a valid int",
            "\(path):8: the record has 5 field(s), but the header has 4",
        ])
        for chunk in [1, 2, 10] {
            let read = try await readBatches(try CSVItemReader(path: path, columns: columns), chunk: chunk)
            #expect(read.errors == records.errors.map(\.message))
        }
        let one = try await readBatches(try CSVItemReader(path: path, columns: columns), chunk: 1)
        #expect(one.rows == records.records)
    }

    @Test func aBatchEndsWhereTheNextFileHasOtherColumns() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        try dir.write("in/a.csv", "id,name\n1,a\n2,b\n")
        try dir.write("in/b.csv", "id,city\n3,x\n")
        try dir.write("in/c.csv", "id,city\n4,y\n")
        let read = try await readBatches(try CSVItemReader(path: dir.path + "/in/*.csv"), chunk: 10)
        #expect(read.batches.map(\.names) == [["id", "name"], ["id", "city"]])
        #expect(read.batches.map(\.count) == [2, 2])
        #expect(read.rows == (try await readAll(try CSVItemReader(path: dir.path + "/in/*.csv"))))
    }

    @Test func savesTheSameRestartPositionAndResumesFromIt() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let path = try dir.write("n.csv", "n\n" + (1...10).map(String.init).joined(separator: "\n") + "\n")
        let columnar = try CSVItemReader(path: path, columns: [ColumnSpec("n", type: .int)])
        try await columnar.open(ExecutionContext())
        var batch = RecordBatch()
        _ = try await columnar.read(into: &batch, limit: 4)
        var fromBatch = ExecutionContext()
        try await columnar.update(&fromBatch)
        let records = try CSVItemReader(path: path, columns: [ColumnSpec("n", type: .int)])
        try await records.open(ExecutionContext())
        var buffer: [Record] = []
        _ = try await records.read(into: &buffer, limit: 4)
        var fromRecords = ExecutionContext()
        try await records.update(&fromRecords)
        #expect(fromBatch == fromRecords)
        let rest = try await readBatches(try CSVItemReader(path: path, columns: [ColumnSpec("n", type: .int)]), chunk: 4, context: fromBatch)
        #expect(rest.rows.map { $0["n"] } == (5...10).map { .int($0) })
    }

    /// The scanner keeps room for 64 fields a record and grows it (scanning the record again) for
    /// wider ones, in the middle of a run of records too.
    @Test func recordsWiderThanTheScannersFirstRoom() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let width = 150
        var text = (0..<width).map { "c\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<40 { text += (0..<width).map { String(row * 1_000 + $0) }.joined(separator: ",") + "\n" }
        let path = try dir.write("wide.csv", text)
        let typed = (0..<width).map { ColumnSpec("c\($0)", type: .int) }
        let expected = try await readAll(try CSVItemReader(path: path, columns: typed))
        #expect(expected.count == 40)
        #expect(expected[39]["c149"] == .int(39_149))
        for chunk in [1, 7, 100] {
            let read = try await readBatches(try CSVItemReader(path: path, columns: typed), chunk: chunk)
            #expect(read.errors.isEmpty)
            #expect(read.rows == expected)
        }
        // A bad quote past the first 64 fields names its field (counted from 1).
        let bad = try dir.write("bad.csv", text + (0..<100).map { "\($0)" }.joined(separator: ",") + ",\"x\"y" + "\n")
        let read = try await readBatches(try CSVItemReader(path: bad, columns: typed), chunk: 40)
        #expect(read.rows.count == 40)
        #expect(read.errors.first?.contains("after the closing quote of field 101") == true, "\(read.errors.first ?? "no error")")
    }

    func openedReader(_ path: String, _ columns: [ColumnSpec]) async throws -> CSVItemReader {
        let reader = try CSVItemReader(path: path, columns: columns)
        try await reader.open(ExecutionContext())
        return reader
    }

    @Test func shortDecimalsAreUnscaledIntegersWithTheirScale() {
        func short(_ text: String) -> [Int64]? {
            var text = text
            return text.withUTF8 { FieldConversion.shortDecimal($0) }.map { [$0.0, Int64($0.1)] }
        }
        #expect(short("12.50") == [1250, 2] && short("-12.50") == [-1250, 2] && short("+7") == [7, 0])
        #expect(short(".5") == [5, 1] && short("1.") == [1, 0] && short("-0.00") == [0, 2])
        #expect(short("999999999999999999") == [999_999_999_999_999_999, 0] && short("-0.00000000000000001") == [-1, 17])
        for other in ["1234567890123456789", "1e5", "1.2.3", "-", ".", "+", "1,5", "12a"] { #expect(short(other) == nil, "\(other)") }
    }
}
