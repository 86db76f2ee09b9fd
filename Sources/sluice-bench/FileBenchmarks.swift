import Foundation
import Logging
import Sluice
import SluiceFiles
import SluiceSQL
import SluiceSQLite

/// `csv-ndjson`: CSV → NDJSON through a chunk step (chunk 1,000, SQLite repository), next to a
/// hand-written Swift program and Python's `csv` module doing the same conversion.
enum FileBenchmarks {
    static func csvToNDJSON(_ arguments: [String]) async throws {
        let rows = arguments.first.flatMap(Int.init) ?? 1_000_000
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("orders.csv").path
        let megabytes = Double(try generateCSV(rows: rows, path: input)) / 1_000_000
        print("input: \(rows) rows, \(String(format: "%.1f", megabytes)) MB")

        let parse = try await timed { try await parseOnly(input) }
        print("csv parsing alone (csv reader, untyped): \(format(megabytes / parse.seconds)) MB/s, \(format(Double(rows) / parse.seconds)) rows/s")

        let sluiceOut = dir.appendingPathComponent("sluice.ndjson").path
        let sluice = try await timed { try await runJob(input: input, output: sluiceOut, repository: dir.appendingPathComponent("repo.sqlite").path) }
        let plainOut = dir.appendingPathComponent("plain.ndjson").path
        let plain = try await timed { _ = try PlainCSVToNDJSON.convert(input: input, output: plainOut) }
        let pythonOut = dir.appendingPathComponent("python.ndjson").path
        let python = try await timed { try runPython(input: input, output: pythonOut) }

        let same = FileManager.default.contentsEqual(atPath: sluiceOut, andPath: plainOut)
        print("outputs identical (sluice vs plain Swift): \(same)")
        let sluiceRate = Double(rows) / sluice.seconds
        print("sluice job: \(format(sluiceRate)) rows/s, \(format(megabytes / sluice.seconds)) MB/s (\(format(sluice.seconds)) s)")
        print("python csv module: \(format(Double(rows) / python.seconds)) rows/s (\(format(python.seconds)) s); sluice/python ratio=\(format(python.seconds / sluice.seconds))")
        print("csv-ndjson: sluice=\(format(sluiceRate)) rows/s peer=\(format(Double(rows) / plain.seconds)) rows/s (plain Swift) ratio=\(format(plain.seconds / sluice.seconds))")
        if !same { throw BatchError(.validation, "the sluice output differs from the plain Swift output") }
    }

    static func format(_ value: Double) -> String { value >= 100 ? String(Int(value.rounded())) : String(format: "%.2f", value) }

    static func timed<T>(_ body: () async throws -> T) async throws -> (value: T, seconds: Double) {
        let start = ContinuousClock.now
        let value = try await body()
        let elapsed = ContinuousClock.now - start
        return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Writes `rows` order lines of about 100 bytes (id, customer, email, amount, qty, day, comment
    /// with quoted commas in every tenth); returns the byte count.
    static func generateCSV(rows: Int, path: String) throws -> Int {
        guard let file = fopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        defer { fclose(file) }
        var buffer = "id,customer,email,amount,qty,day,comment\n"
        var total = 0
        for i in 1...rows {
            let comment = i % 10 == 0 ? "\"gift, wrapped \"\"nicely\"\", leave at the door\"" : "standard delivery to the front door"
            buffer += "\(i),customer-\(i % 9973),customer-\(i % 9973)@example.com,\(i % 1000).\(i % 100 < 10 ? "0" : "")\(i % 100),\(i % 7 + 1),2026-11-\(i % 28 + 1 < 10 ? "0" : "")\(i % 28 + 1),\(comment)\n"
            if buffer.utf8.count > 1 << 20 {
                total += buffer.utf8.count
                fputs(buffer, file)
                buffer = ""
            }
        }
        total += buffer.utf8.count
        fputs(buffer, file)
        return total
    }

    static func parseOnly(_ path: String) async throws -> Int {
        let reader = try CSVItemReader(path: path)
        try await reader.open(ExecutionContext())
        var count = 0
        var buffer: [Record] = []
        buffer.reserveCapacity(1000)
        while true {
            buffer.removeAll(keepingCapacity: true)
            let more = try await reader.read(into: &buffer, limit: 1000)
            count += buffer.count
            if !more { break }
        }
        try await reader.close()
        return count
    }

    static func runJob(input: String, output: String, repository path: String) async throws {
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        let provider = DatabaseProvider(drivers: [SQLiteDriver()], logger: quiet)
        let database = try provider.register("repository", url: "sqlite:\(path)")
        let repository = SQLJobRepository(database)
        try await repository.migrate()
        var configuration = JobOperator.Configuration()
        configuration.logger = quiet
        let op = JobOperator(repository: repository, configuration: configuration)
        let step = ChunkStep<Record, Record>("convert", chunkSize: 1000,
                                             reader: { _ in try CSVItemReader(path: input) },
                                             writer: { _ in NDJSONItemWriter(path: output) })
        let execution = try await op.start(try Job("csv-ndjson", steps: [step]))
        await provider.closeAll()
        guard execution.status == .completed else { throw BatchError(.io, "the benchmark job ended \(execution.status)") }
    }

    static func runPython(input: String, output: String) throws {
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='') as f, open(sys.argv[2], 'w') as out:
                r = csv.reader(f)
                header = next(r)
                for row in r:
                    out.write(json.dumps(dict(zip(header, row)), separators=(',', ':'), ensure_ascii=False))
                    out.write('\\n')
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input, output]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BatchError(.io, "python3 failed with status \(process.terminationStatus)") }
    }
}
