import Foundation
import Logging
import Sluice
import SluiceFiles
import SluicePostgres
import SluiceSQL
import SluiceSQLite

/// Six columns of generated order data, the same for the CSV file psql loads and for Sluice.
enum BenchRows {
    static let columns = ["id", "customer", "email", "amount", "day", "active"]
    static let types: [ColumnType] = [.int, .string, .string, .double, .date, .bool]

    /// The CSV reader's columns: text as in the file, or typed as a job that validates its input declares them.
    static func columnSpecs(typed: Bool) -> [ColumnSpec] {
        zip(columns, types).map { ColumnSpec($0, type: typed ? $1 : .string) }
    }

    // Generating a row must cost little next to loading it: the text values come from small
    // precomputed tables (shared, reference-counted strings).
    static let customers = (0..<9973).map { RecordValue.string("customer \($0)") }
    static let emails = (0..<9973).map { RecordValue.string("c\($0)@example.com") }
    static let days = (1...28).map { RecordValue.date(CalendarDate(year: 2026, month: 11, day: $0)!) }

    static func values(_ i: Int) -> [RecordValue] {
        [.int(i), customers[i % 9973], emails[i % 9973], .double(Double(i % 100_000) / 100), days[i % 28], .bool(i % 3 == 0)]
    }

    static func csvLine(_ i: Int) -> String {
        values(i).map { value -> String in
            if case .bool(let b) = value { return b ? "t" : "f" }
            return value.description
        }.joined(separator: ",") + "\n"
    }

    static let createTable = """
        (id BIGINT NOT NULL, customer TEXT NOT NULL, email TEXT NOT NULL, amount DOUBLE PRECISION NOT NULL,
        day DATE NOT NULL, active BOOLEAN NOT NULL)
        """
}

enum SQLBenchmarks {
    static let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    static func postgresURL(_ arguments: [String]) throws -> String {
        if let i = arguments.firstIndex(of: "--postgres"), i + 1 < arguments.count { return arguments[i + 1] }
        if let url = ProcessInfo.processInfo.environment["SLUICE_BENCH_POSTGRES_URL"] ?? ProcessInfo.processInfo.environment["SLUICE_TEST_POSTGRES_URL"] {
            return url
        }
        throw BatchError(.validation, "needs a PostgreSQL server: --postgres URL, or run through scripts/bench.sh, which starts one")
    }

    static func rows(_ arguments: [String], default value: Int) -> Int {
        arguments.first.flatMap(Int.init) ?? value
    }

    /// `csv-postgres-copy` / `csv-postgres-insert`: a chunk step reading 1M rows from a CSV file
    /// with the `csv` reader and writing them to PostgreSQL with the `sql` writer, next to
    /// `psql \copy` of the same file.
    static func csvToPostgres(mode: SQLItemWriter.Mode, _ arguments: [String]) async throws {
        let name = "csv-postgres-\(mode.rawValue)"
        let url = try postgresURL(arguments)
        let count = rows(arguments, default: 1_000_000)
        let typed = arguments.contains("--typed")
        let provider = DatabaseProvider(drivers: [PostgresDriver()], logger: quiet)
        let db = try provider.register("bench", url: url)
        let suffix = UInt32.random(in: 0...UInt32.max)
        let (ours, theirs) = ("bench_sluice_\(suffix)", "bench_psql_\(suffix)")
        try await db.withConnection { sql in
            try await sql.raw("CREATE TABLE \(ident: ours) \(unsafeRaw: BenchRows.createTable)").run()
            try await sql.raw("CREATE TABLE \(ident: theirs) \(unsafeRaw: BenchRows.createTable)").run()
        }
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(suffix).csv")
        try writeCSV(count: count, to: csv)
        defer { try? FileManager.default.removeItem(at: csv) }
        let size = (try? FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0

        let psqlSeconds = try psqlCopy(url: url, table: theirs, file: csv)
        let repository = SQLJobRepository(db)
        try await repository.migrate()
        var configuration = JobOperator.Configuration()
        configuration.logger = quiet
        let step = ChunkStep<Record, Record>(
            "load", chunkSize: Int(ProcessInfo.processInfo.environment["BENCH_CHUNK"] ?? "") ?? 5_000,
            reader: { _ in try CSVItemReader(path: csv.path, header: false, columns: BenchRows.columnSpecs(typed: typed)) },
            writer: { context in try SQLItemWriter(database: db, table: ours, mode: mode, context: context) })
            .transactionManager(SQLTransactionManager(db))
        let job = try Job("bench-\(name)", steps: [step])
        let start = ContinuousClock.now
        let cpuBefore = ProcessUsage.cpuSeconds()
        let execution = try await JobOperator(repository: repository, configuration: configuration)
            .start(job, parameters: ["table": JobParameter(.string(ours))])
        let sluiceSeconds = (ContinuousClock.now - start).seconds
        let sluiceCPU = ProcessUsage.cpuSeconds() - cpuBefore
        let loaded = try await db.withConnection { sql in
            try await sql.raw("SELECT (SELECT COUNT(*) FROM \(ident: ours)) AS a, (SELECT COUNT(*) FROM \(ident: theirs)) AS b").first()
        }
        let a = try loaded?.decode(column: "a", as: Int.self) ?? -1
        let b = try loaded?.decode(column: "b", as: Int.self) ?? -1
        try await db.withConnection { sql in
            try await sql.raw("DROP TABLE \(ident: ours)").run()
            try await sql.raw("DROP TABLE \(ident: theirs)").run()
        }
        await provider.closeAll()
        guard execution.status == .completed, a == count, b == count else {
            throw BatchError(.validation, "\(name): status \(execution.status), rows sluice=\(a) psql=\(b), expected \(count)")
        }
        print("\(name): rows=\(count) columns=6 chunk=5000 csv=\(size / 1_000_000) MB repository=postgres")
        print("\(name): wall time sluice=\(String(format: "%.2f", sluiceSeconds)) s psql=\(String(format: "%.2f", psqlSeconds)) s (goal: \(mode == .copy ? "1.5" : "4")x psql or better); sluice client CPU=\(String(format: "%.2f", sluiceCPU)) s")
        let ours_ = Double(count) / sluiceSeconds, peer = Double(count) / psqlSeconds
        print("\(name): sluice=\(Int(ours_)) rows/s peer=\(Int(peer)) rows/s (psql \\copy) ratio=\(String(format: "%.2f", ours_ / peer))")
    }

    static func writeCSV(count: Int, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BatchError(.io, "cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        for i in 1...count {
            buffer += BenchRows.csvLine(i)
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
    }

    static func psqlCopy(url: String, table: String, file: URL) throws -> Double {
        let psql = ["/usr/bin/psql"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/psql" }
        guard let path = psql.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BatchError(.io, "psql not found (Debian package postgresql-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [url, "-q", "-c", "\\copy \(table) FROM '\(file.path)' WITH (FORMAT csv)"]
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BatchError(.io, "psql \\copy failed with status \(process.terminationStatus)") }
        return (ContinuousClock.now - start).seconds
    }

    /// `repository-overhead`: the per-chunk commit cost of the SQLite and PostgreSQL repositories
    /// next to the in-memory one, at chunk sizes 10 and 1,000.
    static func repositoryOverhead(_ arguments: [String]) async throws {
        let url = try postgresURL(arguments)
        let provider = DatabaseProvider(drivers: [PostgresDriver(), SQLiteDriver()], logger: quiet)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(UUID().uuidString)")
        let postgres = try provider.register("pg", url: url)
        let sqlite = try provider.register("sqlite", url: "sqlite:\(dir.path)/repository.sqlite")
        let repositories: [(String, any JobRepository)] = [
            ("memory", InMemoryJobRepository()), ("sqlite", SQLJobRepository(sqlite)), ("postgres", SQLJobRepository(postgres)),
        ]
        for case let (_, r as SQLJobRepository) in repositories { try await r.migrate() }
        var perChunk: [String: Double] = [:]
        for chunk in [10, 1000] {
            let items = chunk == 10 ? 20_000 : 500_000
            var memory = 0.0
            for (name, repository) in repositories {
                let seconds = try await timeJob(repository: repository, items: items, chunk: chunk, tag: "\(name)-\(chunk)")
                let chunks = Double(items / chunk)
                if name == "memory" { memory = seconds }
                let overhead = (seconds - memory) / chunks * 1000
                if name != "memory" { perChunk["\(name)-\(chunk)"] = overhead }
                print("repository-overhead: \(name) chunk=\(chunk) items=\(items) time=\(String(format: "%.3f", seconds)) s"
                    + (name == "memory" ? "" : " commit cost=\(String(format: "%.3f", overhead)) ms/chunk"))
            }
        }
        try? FileManager.default.removeItem(at: dir)
        await provider.closeAll()
        let pg = perChunk["postgres-10"] ?? .nan
        print("repository-overhead: goal postgres ≤ 1 ms per chunk commit over loopback (Spring Batch JDBC ≈ 4 ms)")
        print("repository-overhead: sluice=\(String(format: "%.0f", 1000 / pg)) commits/s peer=250 commits/s (Spring Batch JDBC repository, ~4 ms per chunk as published) ratio=\(String(format: "%.2f", 4 / pg))")
    }

    static func timeJob(repository: any JobRepository, items: Int, chunk: Int, tag: String) async throws -> Double {
        var configuration = JobOperator.Configuration()
        configuration.logger = quiet
        let step = ChunkStep<Int, Int>("overhead", chunkSize: chunk,
                                       reader: { _ in CountingReader(count: items) },
                                       writer: { _ in DiscardingWriter() })
        let job = try Job("bench-overhead", steps: [step])
        let start = ContinuousClock.now
        let execution = try await JobOperator(repository: repository, configuration: configuration)
            .start(job, parameters: ["run": JobParameter(.string("\(tag)-\(UUID().uuidString)"))])
        guard execution.status == .completed else { throw BatchError(.validation, "\(tag) ended \(execution.status)") }
        return (ContinuousClock.now - start).seconds
    }
}
