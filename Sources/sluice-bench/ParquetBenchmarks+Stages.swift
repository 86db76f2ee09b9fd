import Foundation
import Sluice
import SluiceFiles
import SluiceParquetComponents

extension ParquetBenchmarks {
    /// `csv-parquet --stages`: the two halves of the export timed apart in this process — the CSV
    /// reader filling column batches, and the Parquet writer taking those batches (journal,
    /// encoding, compression, commit per chunk) — each the fastest of `runs` rounds. For tuning one
    /// side: a stage's time varies less than the whole job's.
    static func timeStages(csv: String, columns: [ColumnSpec], writer properties: ParquetItemWriter.Properties, runs: Int) async throws {
        var batches: [RecordBatch] = []
        var read = Fastest(), write = Fastest()
        for round in 0..<runs {
            read.add(try await timedStage {
                let reader = try CSVItemReader(path: csv, columns: columns)
                try await reader.open(ExecutionContext())
                var batch = RecordBatch(capacity: 10_000)
                var more = true
                while more {
                    more = try await reader.read(into: &batch, limit: 10_000)
                    if round == 0 && batch.count > 0 { batches.append(batch) }
                    batch = RecordBatch(capacity: 10_000)
                }
                try await reader.close()
            })
            write.add(try await timedStage {
                let writer = try ParquetItemWriter(properties: properties, baseDirectory: "")
                var context = ExecutionContext()
                try await writer.open(context)
                for (index, batch) in batches.enumerated() {
                    try await writer.write(batch, attempt: index)
                    try await writer.update(&context)
                }
                try await writer.complete(&context)
                try await writer.close()
            })
        }
        print("csv read (\(batches.count) batches): \(FileBenchmarks.format(read.wall)) s wall, \(FileBenchmarks.format(read.cpu)) s CPU")
        print("parquet write: \(FileBenchmarks.format(write.wall)) s wall, \(FileBenchmarks.format(write.cpu)) s CPU")
    }

    /// Wall and CPU seconds of `body`.
    private static func timedStage(_ body: () async throws -> Void) async throws -> (Double, Double) {
        let start = Date(), cpu = ProcessUsage.cpuSeconds()
        try await body()
        return (Date().timeIntervalSince(start), ProcessUsage.cpuSeconds() - cpu)
    }
}
