import Foundation
import Sluice
import SluiceParquet
import Testing
@testable import SluiceParquetComponents

/// Every file under `dir`, hidden ones included, as paths relative to it, sorted.
func filesUnder(_ dir: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: dir)
    var files: [String] = []
    while let path = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files.sorted()
}

/// A record with an id and the partition fields `k` (and `n` when given).
func keyed(_ id: Int, _ k: RecordValue, _ n: RecordValue? = nil) -> Record {
    var record = Record([("id", .int(id)), ("k", k)])
    if let n { record["n"] = n }
    return record
}

@Suite struct ParquetPartitionTests {
    @Test func escapesNamesAndValuesHiveStyle() {
        #expect(ParquetPartitionPath.escape("a/b=c%d") == "a%2Fb%3Dc%25d")
        #expect(ParquetPartitionPath.escape("x\ny\u{7F}") == "x%0Ay%7F")
        #expect(ParquetPartitionPath.escape("Zürich é") == "Zürich é")
        #expect(ParquetPartitionPath.escape(value: .null) == "__HIVE_DEFAULT_PARTITION__")
        #expect(ParquetPartitionPath.escape(value: "") == "__HIVE_DEFAULT_PARTITION__")
        #expect(ParquetPartitionPath.escape(value: .date(CalendarDate(year: 2026, month: 11, day: 30)!)) == "2026-11-30")
        #expect(ParquetPartitionPath.escape(value: 42) == "42")
        let paths = ParquetPartitionPath(columns: ["dt", "country"])
        let record = Record([("id", 1), ("dt", "2026-11-30"), ("country", "FR")])
        #expect(paths.directory(of: record) == "dt=2026-11-30/country=FR")
        #expect(paths.stripped(record) == Record([("id", 1)]))
        #expect(ParquetOutputNames(pattern: "/o/p-{seq}.parquet").inside("k=a").journal(1) == "/o/k=a/.p-00001.parquet.journal")
        #expect(ParquetOutputNames(pattern: "p.parquet").inside("k=a").published(0) == "k=a/p.parquet")
    }

    @Test func routesRecordsToEscapedPartitionsAndDropsThePartitionColumns() async throws {
        let dir = try scratchDirectory("partition-route")
        let writer = try ParquetItemWriter(properties: .init(path: "out/part.parquet", partitionBy: ["dt", "country"]), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        let countries: [RecordValue] = ["FR", "a/b=c%", nil, "FR", "x\ny"]
        let records = countries.enumerated().map { i, country in
            Record([("id", .int(i)), ("dt", "2026-11-30"), ("country", country), ("name", .string("n\(i)"))])
        }
        try await writer.write(Chunk(records, attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
        try await writer.close()
        #expect(filesUnder(dir + "/out") == [
            "dt=2026-11-30/country=FR/part.parquet", "dt=2026-11-30/country=__HIVE_DEFAULT_PARTITION__/part.parquet",
            "dt=2026-11-30/country=a%2Fb%3Dc%25/part.parquet", "dt=2026-11-30/country=x%0Ay/part.parquet",
        ])
        let france = try await readAll(dir + "/out/dt=2026-11-30/country=FR/part.parquet")
        #expect(france == [Record([("id", 0), ("name", "n0")]), Record([("id", 3), ("name", "n3")])])
        #expect(try await readAll(dir + "/out/dt=2026-11-30/country=__HIVE_DEFAULT_PARTITION__/part.parquet").map { $0["id"] } == [2])
        #expect(try await readAll(dir + "/out/dt=2026-11-30/country=a%2Fb%3Dc%25/part.parquet").map { $0["id"] } == [1])
        #expect(try ParquetReader(path: dir + "/out/dt=2026-11-30/country=FR/part.parquet").schema.columns.map(\.name) == ["id", "name"])
        #expect(context.int("parquet.writer.rows") == 5 && context.int("parquet.writer.published") == 4)
        #expect(context.string("parquet.writer.partitions")?.contains("country=FR") == true)
        #expect(!context.contains("parquet.writer.sequence"))
    }

    @Test func rollsOverWithinEachPartition() async throws {
        let dir = try scratchDirectory("partition-roll")
        let writer = try ParquetItemWriter(properties: .init(path: "p-{seq}.parquet", maxRowsPerFile: 2, partitionBy: ["k"]), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        for chunk in 0..<4 {  // ids 0..7: k=a gets 0 2 4 5 6 7, k=b gets 1 3
            try await writer.write(Chunk([keyed(chunk * 2, "a"), keyed(chunk * 2 + 1, chunk < 2 ? "b" : "a")], attempt: 1))
            try await writer.update(&context)
        }
        try await writer.complete(&context)
        #expect(filesUnder(dir) == ["k=a/p-00000.parquet", "k=a/p-00001.parquet", "k=a/p-00002.parquet", "k=b/p-00000.parquet"])
        #expect(try await readAll(dir + "/k=a/p-*.parquet").map { $0["id"] } == [0, 2, 4, 5, 6, 7])
        #expect(try await readAll(dir + "/k=b/p-*.parquet").map { $0["id"] } == [1, 3])
        #expect(context.int("parquet.writer.published") == 4)
    }

    @Test func aCrashWithSeveralOpenPartitionsRestartsExactlyOnce() async throws {
        let dir = try scratchDirectory("partition-crash")
        let properties = ParquetItemWriter.Properties(path: "o/p-{seq}.parquet", maxRowsPerFile: 3, partitionBy: ["k", "n"])
        let keys: [(RecordValue, RecordValue)] = [("a", 1), ("b", 1), ("a", 2), (nil, 1)]
        func chunk(_ range: Range<Int>) -> [Record] { range.map { keyed($0, keys[$0 % 4].0, keys[$0 % 4].1) } }
        var committed = ExecutionContext()
        do {
            let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
            try await writer.open(committed)
            for start in stride(from: 0, to: 15, by: 5) {  // ids 0..14 committed over 4 partitions
                try await writer.write(Chunk(chunk(start..<start + 5), attempt: 1))
                try await writer.update(&committed)
            }
            // This chunk's update publishes files and opens a new partition, but its commit never happens.
            var lost = committed
            try await writer.write(Chunk(chunk(15..<25) + [keyed(99, "z", 9)], attempt: 1))
            try await writer.update(&lost)
            #expect(filesUnder(dir + "/o").contains("k=z/n=9/.p-00000.parquet.journal"))
            #expect(filesUnder(dir + "/o").contains("k=a/n=1/p-00001.parquet"))
        }  // dropped without complete or close: a crash
        let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        try await writer.open(committed)
        #expect(!filesUnder(dir + "/o").contains("k=a/n=1/p-00001.parquet"))
        #expect(!filesUnder(dir + "/o").contains { $0.hasPrefix("k=z") })
        try await writer.write(Chunk(chunk(15..<26), attempt: 1))
        try await writer.update(&committed)
        try await writer.complete(&committed)
        try await writer.close()
        let files = filesUnder(dir + "/o")
        #expect(files.filter { $0.contains("/.") }.isEmpty, "temporaries left: \(files)")
        var ids: [Int] = []
        for file in files {
            for record in try await readAll(dir + "/o/" + file) {
                if case .int(let id)? = record["id"] { ids.append(id) }
            }
        }
        #expect(ids.sorted() == Array(0..<26))
        #expect(committed.int("parquet.writer.rows") == 26 && committed.int("parquet.writer.published") == 10)
    }

    @Test func tooManyPartitionsIsAValidationErrorNamingTheLimit() async throws {
        let dir = try scratchDirectory("partition-limit")
        let writer = try ParquetItemWriter(properties: .init(path: "o.parquet", partitionBy: ["k"], maxOpenPartitions: 2), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        let error = await #expect(throws: BatchError.self) {
            try await writer.write(Chunk([keyed(0, "a"), keyed(1, "b"), keyed(2, "c")], attempt: 1))
        }
        #expect(error?.category == .validation && error?.message.contains("'max-open-partitions' (2)") == true)
        try await writer.write(Chunk([keyed(3, "a"), keyed(4, "b")], attempt: 1))
        try await writer.update(&context)
        let later = await #expect(throws: BatchError.self) { try await writer.write(Chunk([keyed(5, "c")], attempt: 2)) }
        #expect(later?.category == .validation && later?.message.contains("3 partitions") == true)
        try await writer.write(Chunk([keyed(6, "a")], attempt: 2))
        try await writer.update(&context)
        try await writer.complete(&context)
        #expect(filesUnder(dir) == ["k=a/o.parquet", "k=b/o.parquet"])
        #expect(try await readAll(dir + "/k=a/o.parquet").map { $0["id"] } == [3, 6])
    }

    @Test func aFreshRunClearsEarlierPartitionsAndNeedsFieldsBesidesThePartitionColumns() async throws {
        let dir = try scratchDirectory("partition-fresh")
        let properties = ParquetItemWriter.Properties(path: "o.parquet", partitionBy: ["k"])
        for (run, key) in [(0, "old"), (1, "a")] {
            let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
            var context = ExecutionContext()
            try await writer.open(context)
            try await writer.write(Chunk([keyed(run, .string(key))], attempt: 1))
            try await writer.update(&context)
            try await writer.complete(&context)
        }
        #expect(filesUnder(dir) == ["k=a/o.parquet"])
        let writer = try ParquetItemWriter(properties: properties, baseDirectory: dir)
        try await writer.open(ExecutionContext())
        let error = await #expect(throws: BatchError.self) { try await writer.write(Chunk([Record([("k", "a")])], attempt: 1)) }
        #expect(error?.category == .validation && error?.message.contains("no fields") == true)
    }

    @Test func invalidPartitionSettingsAreValidationErrors() {
        let bad: [ParquetItemWriter.Properties] = [
            .init(path: "o.parquet", partitionBy: []), .init(path: "o.parquet", partitionBy: ["k", "k"]),
            .init(path: "o.parquet", partitionBy: [""]), .init(path: "o.parquet", partitionBy: ["k"], maxOpenPartitions: 0),
            .init(path: "o.parquet", columns: [.init(name: "k", type: "string")], partitionBy: ["k"]),
        ]
        for properties in bad {
            let error = #expect(throws: BatchError.self) { try ParquetItemWriter(properties: properties, baseDirectory: "/tmp") }
            #expect(error?.category == .validation)
        }
    }

    @Test func restartStateOfAnotherLayoutOrCorruptIsRejected() async throws {
        let dir = try scratchDirectory("partition-state")
        var single = ExecutionContext()
        let plain = try ParquetItemWriter(properties: .init(path: "o.parquet"), baseDirectory: dir)
        try await plain.open(single)
        try await plain.write(Chunk([record(1)], attempt: 1))
        try await plain.update(&single)
        let partitioned = try ParquetItemWriter(properties: .init(path: "o.parquet", partitionBy: ["k"]), baseDirectory: dir)
        let mismatch = await #expect(throws: BatchError.self) { try await partitioned.open(single) }
        #expect(mismatch?.category == .validation && mismatch?.message.contains("partition-by") == true)

        var byK = ExecutionContext()
        try await partitioned.open(byK)
        try await partitioned.write(Chunk([keyed(1, "a")], attempt: 1))
        try await partitioned.update(&byK)
        let other = try ParquetItemWriter(properties: .init(path: "o.parquet", partitionBy: ["n"]), baseDirectory: dir)
        let changed = await #expect(throws: BatchError.self) { try await other.open(byK) }
        #expect(changed?.category == .validation)
        let unpartitioned = await #expect(throws: BatchError.self) { try await plain.open(byK) }
        #expect(unpartitioned?.category == .validation)

        for corrupt in ["not json", "{\"k=a\":[1,2]}", "{\"k=a\":[0,0,0,0,-1]}"] {
            var broken = byK
            broken["parquet.writer.partitions"] = .string(corrupt)
            let error = await #expect(throws: BatchError.self) { try await partitioned.open(broken) }
            #expect(error?.category == .io)
        }
    }

    @Test func pyarrowReadsThePartitionedDataset() async throws {
        let dir = try scratchDirectory("partition-pyarrow")
        let writer = try ParquetItemWriter(properties: .init(path: "ds/part-{seq}.parquet", maxRowsPerFile: 2, partitionBy: ["k"]), baseDirectory: dir)
        var context = ExecutionContext()
        try await writer.open(context)
        let values: [RecordValue] = ["a", "b/c", nil, "a", "b/c", "a"]
        try await writer.write(Chunk(values.enumerated().map { keyed($0, $1) }, attempt: 1))
        try await writer.update(&context)
        try await writer.complete(&context)
        let script = """
            import pyarrow.dataset as ds
            t = ds.dataset('\(dir)/ds', partitioning='hive').to_table()
            print(sorted((r['id'], r['k']) for r in t.to_pylist()))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import pyarrow.dataset"]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            print("pyarrow dataset check skipped: python3 with pyarrow is not available")
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("pyarrow is missing on CI") }
            return
        }
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        run.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        let errors = Pipe()
        run.standardOutput = pipe
        run.standardError = errors
        try run.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 0, "\(message)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines)
            == "[(0, 'a'), (1, 'b/c'), (2, None), (3, 'a'), (4, 'b/c'), (5, 'a')]")
    }
}
