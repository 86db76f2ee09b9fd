import Foundation
import Sluice
import Testing
@testable import SluiceFiles

@Suite struct StreamingTests {
    /// Reads a file through a small block size, so records straddle blocks in every way.
    private func read<F: ReaderFormat>(_ path: String, _ format: F, blockSize: Int) async throws -> [Record] {
        let reader = try FileRecordReader(pattern: PathPattern(path, baseDirectory: ""), format: format, name: "t", kind: "test reader", blockSize: blockSize)
        try await reader.open(ExecutionContext())
        var records: [Record] = []
        while let record = try await reader.read() { records.append(record) }
        try await reader.close()
        return records
    }

    @Test func recordsStraddlingBlocksReadTheSameForEveryBlockSize() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        var csv = "\u{FEFF}id,text\r\n"
        var ndjson = ""
        var json = "[\n"
        for i in 0..<60 {
            let text = String(repeating: "é\"x,\n", count: i % 7)
            csv += "\(i),\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"\r\n"
            let escaped = text.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            ndjson += "{\"id\": \(i), \"text\": \"\(escaped)\"}\n"
            json += (i > 0 ? ",\n" : "") + "  {\"id\": \(i), \"text\": \"\(escaped)\"}"
        }
        json += "\n]\n"
        let csvPath = try dir.write("a.csv", csv)
        let ndjsonPath = try dir.write("a.ndjson", ndjson)
        let jsonPath = try dir.write("a.json", json)
        let csvFormat = CSVReadFormat(delimiter: 44, quote: 34, header: true, skipLines: 0, columns: [ColumnSpec("id", type: .int)],
                                      conversion: FieldConversion(nullValues: [], trim: false))
        let expected = try await read(csvPath, csvFormat, blockSize: 1 << 20)
        #expect(expected.count == 60)
        #expect(expected[13] == Record([("id", 13), ("text", .string(String(repeating: "é\"x,\n", count: 6)))]))
        for size in [16, 17, 31, 64, 101] {
            #expect(try await read(csvPath, csvFormat, blockSize: size) == expected)
            #expect(try await read(ndjsonPath, NDJSONReadFormat(), blockSize: size) == expected)
            #expect(try await read(jsonPath, JSONArrayReadFormat(), blockSize: size) == expected)
        }
    }

    @Test func memoryStaysFlatOnALargeFile() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        var block = "id,name,amount,comment\n"
        for i in 0..<20_000 { block += "\(i),name \(i),\(i).25,\"with, comma \(i)\"\n" }
        let body = Array(block.dropFirst("id,name,amount,comment\n".count).utf8)
        var bytes = Array("id,name,amount,comment\n".utf8)
        while bytes.count < 50_000_000 { bytes += body }
        let path = try dir.write("big.csv", bytes: bytes)
        let reader = try CSVItemReader(path: path, columns: [ColumnSpec("id", type: .int), ColumnSpec("amount", type: .decimal)])
        try await reader.open(ExecutionContext())
        var count = 0
        var buffer: [Record] = []
        while true {
            buffer.removeAll(keepingCapacity: true)
            let more = try await reader.read(into: &buffer, limit: 1000)
            count += buffer.count
            if !more { break }
        }
        #expect(count == (bytes.count - 23) / body.count * 20_000)
        #expect(reader.largestBuffer > 0)
        #expect(reader.largestBuffer <= 2 << 20, "the byte buffer grew to \(reader.largestBuffer) bytes")
    }

    @Test func aRecordLongerThanABlockGrowsTheBufferToItsSize() async throws {
        let dir = try ReaderTestDirectory()
        defer { dir.remove() }
        let long = String(repeating: "x", count: 3 << 20)
        let path = try dir.write("long.ndjson", "{\"s\": \"\(long)\"}\n{\"s\": \"short\"}\n")
        let reader = try NDJSONItemReader(path: path)
        let records = try await readAll(reader)
        #expect(records.map { $0["s"] } == [.string(long), .string("short")])
    }
}
