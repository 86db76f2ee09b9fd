import Foundation
import Logging
import Sluice
import SluiceFiles
import SluiceParquetComponents

/// `csv-parquet` and `parquet-read`: Sluice's `parquet` writer and reader in a chunk step next to
/// pyarrow, both single-threaded, on generated data (1,000,000 rows × 8 mixed columns).
enum ParquetBenchmarks {
    static let columns: [(name: String, type: String)] = [
        ("id", "int"), ("customer", "string"), ("amount", "decimal"), ("qty", "int"),
        ("price", "double"), ("day", "date"), ("active", "bool"), ("comment", "string"),
    ]

    /// Writes the CSV; returns its size in bytes.
    static func generateCSV(rows: Int, path: String) throws -> Int {
        guard let file = fopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        defer { fclose(file) }
        var buffer = columns.map(\.name).joined(separator: ",") + "\n"
        var total = 0
        for i in 1...rows {
            let day = i % 28 + 1
            buffer += "\(i),customer-\(i % 9973),\(i % 1000).\(i % 100 < 10 ? "0" : "")\(i % 100),\(i % 7 + 1),"
                + "\(Double(i % 5000) / 8),2026-11-\(day < 10 ? "0" : "")\(day),\(i % 3 == 0 ? "false" : "true"),note \(i % 50)\n"
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

    private static func operatorWithQuietLogs() -> JobOperator {
        var configuration = JobOperator.Configuration()
        var quiet = Logger(label: "bench")
        quiet.logLevel = .critical
        configuration.logger = quiet
        return JobOperator(repository: InMemoryJobRepository(), configuration: configuration)
    }

    /// The arguments of `csv-parquet`: `[ROWS] [--compression none|snappy|gzip|zstd] [--compression-level N] [--runs N]
    /// [--sluice-only [--columnar-only]]`.
    struct CSVParquetArguments {
        var rows = 1_000_000
        /// Rounds of every measurement; each side's fastest round is reported.
        var runs = 3
        var compression = "snappy"
        var level: Int?
        /// Runs only Sluice on one thread, no peer: for profiling (`perf record`).
        var sluiceOnly = false
        /// With `sluiceOnly`, skips the record-per-row comparison (profiles of the columnar path alone).
        var columnarOnly = false
        /// Set in the child process that times one one-thread round: the CSV to read and the file to write.
        var round: (csv: String, out: String)?
        /// Times the CSV read and the Parquet write apart, in this process (for tuning either side).
        var stages = false

        init(_ arguments: [String]) throws {
            var rest = arguments[...]
            while let argument = rest.popFirst() {
                switch argument {
                case "--compression":
                    guard let value = rest.popFirst(), ["none", "snappy", "gzip", "zstd"].contains(value) else {
                        throw BatchError(.validation, "--compression takes none, snappy, gzip or zstd")
                    }
                    compression = value
                case "--compression-level":
                    guard let value = rest.popFirst().flatMap(Int.init) else { throw BatchError(.validation, "--compression-level takes an integer") }
                    level = value
                case "--sluice-only":
                    sluiceOnly = true
                case "--columnar-only":
                    sluiceOnly = true
                    columnarOnly = true
                case "--round":
                    // Internal: one one-thread round in this fresh process, over an existing CSV file.
                    guard let input = rest.popFirst(), let output = rest.popFirst() else { throw BatchError(.validation, "--round takes CSV and OUT paths") }
                    round = (input, output)
                case "--stages":
                    stages = true
                case "--runs":
                    guard let value = rest.popFirst().flatMap(Int.init), value > 0 else { throw BatchError(.validation, "--runs takes a positive integer") }
                    runs = value
                default:
                    guard let count = Int(argument), count > 0 else { throw BatchError(.validation, "unexpected argument '\(argument)'") }
                    rows = count
                }
            }
            if compression == "gzip" || compression == "zstd" {
                // The same level for both writers: the one asked for, else Sluice's default (zlib 6, zstd 3).
                level = level ?? (compression == "gzip" ? 6 : 3)
            }
        }
    }

    static func csvToParquet(_ arguments: [String]) async throws {
        let options = try CSVParquetArguments(arguments)
        let rows = options.rows
        let dir = try scratch("csv-parquet")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = options.round?.csv ?? dir.appendingPathComponent("orders.csv").path
        let megabytes = options.round == nil ? Double(try generateCSV(rows: rows, path: csv)) / 1_000_000 : 0
        let out = options.round?.out ?? dir.appendingPathComponent("sluice.parquet").path
        let peerOut = dir.appendingPathComponent("pyarrow.parquet").path
        let types = columns.map { ColumnSpec($0.name, type: ColumnType(rawValue: $0.type) ?? .string) }
        let specs = columns.map { column in
            column.type == "decimal" ? ParquetColumnSpec(name: column.name, type: column.type, precision: 9, scale: 2)
                : ParquetColumnSpec(name: column.name, type: column.type)
        }
        let properties = ParquetItemWriter.Properties(path: out, compression: options.compression, compressionLevel: options.level, columns: specs)
        _ = try ParquetItemWriter(properties: properties, baseDirectory: "")  // an unavailable codec fails here, before timing
        func export(to path: String) -> ChunkStep<Record, Record> {
            var settings = properties
            settings.path = path
            let target = settings
            return ChunkStep<Record, Record>("export", chunkSize: 10_000,
                reader: { _ in try CSVItemReader(path: csv, columns: types) },
                writer: { _ in try ParquetItemWriter(properties: target, baseDirectory: "") })
        }
        if options.stages {
            return try await timeStages(csv: csv, columns: types, writer: properties, runs: options.runs)
        }
        if options.round != nil {
            let run = try await measure(export(to: out).readAhead(false), job: "csv-parquet-1")
            return print(run.seconds, run.cpu)
        }
        if options.sluiceOnly {
            // Columnar chunks (the default) against a record per row, interleaved, one thread.
            var columnar = Fastest(), records = Fastest()
            for _ in 0..<options.runs {
                columnar.add(try await measure(export(to: out).readAhead(false), job: "csv-parquet-1"))
                if options.columnarOnly { continue }
                records.add(try await measure(export(to: out + ".records").readAhead(false).columnar(false), job: "csv-parquet-records"))
            }
            print("sluice on one thread, columnar chunks: \(FileBenchmarks.format(columnar.wall)) s wall, \(FileBenchmarks.format(columnar.cpu)) s CPU")
            if options.columnarOnly { return }
            print("sluice on one thread, a record per row: \(FileBenchmarks.format(records.wall)) s wall, \(FileBenchmarks.format(records.cpu)) s CPU")
            return print("columnar speed-up: \(String(format: "%.2f", records.cpu / columnar.cpu))× CPU")
        }
        // The rounds interleave the three measurements, so a drift of the machine hits them alike.
        // The one-thread rounds (the issue's comparison) run in a fresh process each, as pyarrow's
        // do: on this virtual machine a process's speed varies as a whole (page placement, the
        // core it lands on), so both sides are sampled the same way.
        var readAhead = Fastest(), oneThreadRuns = Fastest(), pythonRuns = Fastest()
        let codecArguments = ["--compression", options.compression] + (options.level.map { ["--compression-level", String($0)] } ?? [])
        for _ in 0..<options.runs {
            readAhead.add(try await measure(export(to: out), job: "csv-parquet"))
            oneThreadRuns.add(try runTimed(CommandLine.arguments[0], ["csv-parquet", "--round", csv, out + ".one-thread"] + codecArguments,
                                           failure: "the one-thread round failed"))
            pythonRuns.add(try runPython("""
                import sys, time, pyarrow.csv as pc, pyarrow.parquet as pq
                level = None if sys.argv[4] == '' else int(sys.argv[4])
                \(cpuClock)
                t, c = time.perf_counter(), cpu()
                table = pc.read_csv(sys.argv[1], read_options=pc.ReadOptions(use_threads=False))
                pq.write_table(table, sys.argv[2], compression=sys.argv[3], compression_level=level)
                print(time.perf_counter() - t, cpu() - c)
                """, [csv, peerOut, options.compression, options.level.map(String.init) ?? ""]))
        }
        let (sluiceSeconds, sluiceCPU) = (readAhead.wall, readAhead.cpu)
        let oneThread = (seconds: oneThreadRuns.wall, cpu: oneThreadRuns.cpu)
        let python = (wall: pythonRuns.wall, cpu: pythonRuns.cpu)
        let codec = options.compression + (options.level.map { " level \($0)" } ?? "")
        print("input: \(rows) rows × 8 columns, \(String(format: "%.1f", megabytes)) MB CSV; compression \(codec) (both writers); "
            + "fastest of \(options.runs) interleaved rounds per side")
        print("peak memory of this process: \(maxResidentMegabytes()) MB")
        print("output: sluice \(fileMegabytes(out)) MB; pyarrow \(fileMegabytes(peerOut)) MB")
        print("sluice: \(FileBenchmarks.format(sluiceSeconds)) s wall, \(FileBenchmarks.format(sluiceCPU)) s CPU, "
            + "\(FileBenchmarks.format(megabytes / sluiceSeconds)) MB/s; pyarrow: \(FileBenchmarks.format(python.wall)) s wall, "
            + "\(FileBenchmarks.format(python.cpu)) s CPU, \(FileBenchmarks.format(megabytes / python.wall)) MB/s (use_threads=False)")
        print("sluice on one thread (read-ahead off): \(FileBenchmarks.format(oneThread.seconds)) s wall, \(FileBenchmarks.format(oneThread.cpu)) s CPU; "
            + "ratio=\(FileBenchmarks.format(python.wall / oneThread.seconds)) cpu-ratio=\(FileBenchmarks.format(python.cpu / oneThread.cpu))")
        print("with read-ahead (as users run it): ratio=\(FileBenchmarks.format(python.wall / sluiceSeconds)) "
            + "cpu-ratio=\(FileBenchmarks.format(python.cpu / sluiceCPU))")
        // The summary is the issue's comparison: single-threaded on both sides.
        let ratio = python.wall / oneThread.seconds
        print("csv-parquet (single-threaded): sluice=\(Int(Double(rows) / oneThread.seconds)) rows/s peer=\(Int(Double(rows) / python.wall)) rows/s "
            + "(pyarrow, \(codec)) ratio=\(FileBenchmarks.format(ratio)) cpu-ratio=\(FileBenchmarks.format(python.cpu / oneThread.cpu)); "
            + "goal within 1.5× (ratio ≥ 0.67): \(ratio >= 1 / 1.5 ? "met" : "not met")")
    }

    /// A file's size in MB, one decimal.
    static func fileMegabytes(_ path: String) -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return String(format: "%.1f", Double(bytes) / 1_000_000)
    }

    static func parquetRead(_ arguments: [String]) async throws {
        let rows = arguments.first.flatMap(Int.init) ?? 1_000_000
        let runs = arguments.firstIndex(of: "--runs").flatMap { arguments.dropFirst($0 + 1).first }.flatMap(Int.init) ?? 3
        let dir = try scratch("parquet-read")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("orders.csv").path
        _ = try generateCSV(rows: rows, path: csv)
        let parquet = dir.appendingPathComponent("orders.parquet").path
        _ = try runPython("""
            import sys, pyarrow.csv as pc, pyarrow.parquet as pq
            pq.write_table(pc.read_csv(sys.argv[1]), sys.argv[2], compression='snappy')
            print(0, 0)
            """, [csv, parquet])
        let megabytes = Double((try FileManager.default.attributesOfItem(atPath: parquet)[.size] as? Int) ?? 0) / 1_000_000
        let out = dir.appendingPathComponent("sluice.ndjson").path
        func read(to path: String) -> ChunkStep<Record, Record> {
            ChunkStep<Record, Record>("read", chunkSize: 10_000,
                reader: { _ in try ParquetItemReader(properties: .init(path: parquet), baseDirectory: "") },
                writer: { _ in NDJSONItemWriter(path: path) })
        }
        // Interleaved rounds, each side's fastest kept (see csv-parquet). The pyarrow + json peer is
        // slow (seconds per round), so it runs once.
        var readAhead = Fastest(), oneThreadRuns = Fastest(), duckdbRuns = Fastest()
        var duckdbMissing = false
        for _ in 0..<runs {
            readAhead.add(try await measure(read(to: out), job: "parquet-read"))
            oneThreadRuns.add(try await measure(read(to: out + ".one-thread").readAhead(false), job: "parquet-read-1"))
            // The fair peer: DuckDB's native Parquet reader and JSON writer, on one thread.
            if !duckdbMissing, let round = try? runPython("""
                import sys, time, duckdb
                \(cpuClock)
                con = duckdb.connect()
                con.execute("SET threads TO 1")
                t, c = time.perf_counter(), cpu()
                con.execute("COPY (SELECT * FROM read_parquet(?)) TO '" + sys.argv[2] + "' (FORMAT JSON)", [sys.argv[1]])
                print(time.perf_counter() - t, cpu() - c)
                """, [parquet, dir.appendingPathComponent("duckdb.ndjson").path]) {
                duckdbRuns.add(round)
            } else {
                duckdbMissing = true
            }
        }
        let (sluiceSeconds, sluiceCPU) = (readAhead.wall, readAhead.cpu)
        let oneThread = (seconds: oneThreadRuns.wall, cpu: oneThreadRuns.cpu)
        let python = try runPython("""
            import sys, time, json, pyarrow.parquet as pq
            \(cpuClock)
            t, c = time.perf_counter(), cpu()
            with open(sys.argv[2], 'w') as out:
                for batch in pq.ParquetFile(sys.argv[1]).iter_batches(batch_size=10000, use_threads=False):
                    for row in batch.to_pylist():
                        out.write(json.dumps(row, default=str, separators=(',', ':')))
                        out.write('\\n')
            print(time.perf_counter() - t, cpu() - c)
            """, [parquet, dir.appendingPathComponent("pyarrow.ndjson").path])
        let duckdb = duckdbMissing ? nil : (wall: duckdbRuns.wall, cpu: duckdbRuns.cpu)
        print("input: \(rows) rows × 8 columns, \(String(format: "%.1f", megabytes)) MB Parquet (snappy, written by pyarrow)")
        func times(_ t: (wall: Double, cpu: Double)) -> String { "\(FileBenchmarks.format(t.wall)) s wall, \(FileBenchmarks.format(t.cpu)) s CPU" }
        print("sluice: \(times((sluiceSeconds, sluiceCPU))); pyarrow + json: \(times(python)); "
            + (duckdb.map { "duckdb (threads=1): \(times($0))" } ?? "duckdb: not installed (pip install duckdb)"))
        print("parquet-read (vs pyarrow): sluice=\(Int(Double(rows) / sluiceSeconds)) rows/s peer=\(Int(Double(rows) / python.wall)) rows/s (pyarrow iter_batches + json) "
            + "ratio=\(FileBenchmarks.format(python.wall / sluiceSeconds)) cpu-ratio=\(FileBenchmarks.format(python.cpu / sluiceCPU))")
        print("sluice on one thread (read-ahead off): \(times((oneThread.seconds, oneThread.cpu)))"
            + (duckdb.map { "; vs duckdb ratio=\(FileBenchmarks.format($0.wall / oneThread.seconds)) cpu-ratio=\(FileBenchmarks.format($0.cpu / oneThread.cpu))" } ?? ""))
        if let duckdb {
            print("parquet-read: sluice=\(Int(Double(rows) / sluiceSeconds)) rows/s peer=\(Int(Double(rows) / duckdb.wall)) rows/s (duckdb COPY TO json, threads=1) "
                + "ratio=\(FileBenchmarks.format(duckdb.wall / sluiceSeconds)) cpu-ratio=\(FileBenchmarks.format(duckdb.cpu / sluiceCPU))")
        }
    }

    /// The fastest wall and CPU times of several rounds of one measurement.
    struct Fastest {
        private(set) var wall = Double.infinity
        private(set) var cpu = Double.infinity

        mutating func add(_ round: (Double, Double)) {
            wall = min(wall, round.0)
            cpu = min(cpu, round.1)
        }
    }

    /// Runs a one-step job and returns its wall time and the process's CPU seconds meanwhile.
    static func measure(_ step: ChunkStep<Record, Record>, job name: String) async throws -> (seconds: Double, cpu: Double) {
        let cpuBefore = ProcessUsage.cpuSeconds()
        let run = try await FileBenchmarks.timed {
            let execution = try await operatorWithQuietLogs().start(try Job(name, steps: [step]))
            guard execution.status == .completed else { throw BatchError(.io, "the job ended \(execution.status): \(execution.failures)") }
        }
        return (run.seconds, ProcessUsage.cpuSeconds() - cpuBefore)
    }

    static func scratch(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Python that defines `cpu()`: the user plus system CPU seconds of the process (all its threads)
    /// so far, so a peer's CPU time is measured around exactly the work it times.
    static let cpuClock = """
        import resource
        def cpu():
            u = resource.getrusage(resource.RUSAGE_SELF)
            return u.ru_utime + u.ru_stime
        """

    /// Runs a Python script that prints its own wall and CPU seconds on its last line (`wall cpu`).
    static func runPython(_ script: String, _ arguments: [String]) throws -> (wall: Double, cpu: Double) {
        try runTimed("/usr/bin/env", ["python3", "-c", script] + arguments, failure: "python3 failed; is pyarrow installed? (pip install pyarrow)")
    }

    /// Runs `executable` with `arguments`; its last output line holds its wall and CPU seconds.
    static func runTimed(_ executable: String, _ arguments: [String], failure: String) throws -> (wall: Double, cpu: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let last = String(decoding: output, as: UTF8.self).split(separator: "\n").last?.split(separator: " ").compactMap { Double($0) }
        guard process.terminationStatus == 0, let last, last.count == 2 else {
            throw BatchError(.io, "\(failure) (status \(process.terminationStatus))")
        }
        return (last[0], last[1])
    }

    /// The process's peak resident memory in MB.
    static func maxResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss / 1024)
    }
}
