import Foundation
import Logging
import Sluice
import SluiceFiles
import SluiceSQL
#if MySQL
import SluiceMySQL
#endif

/// `csv-mariadb`: the CSV → database job of `csv-postgres-insert` against MariaDB, next to the
/// `mariadb` client's `LOAD DATA LOCAL INFILE` of the same rows.
enum MySQLBenchmarks {
    static func csvToMariaDB(_ arguments: [String]) async throws {
        #if MySQL
        try await run(arguments)
        #else
        throw BatchError(.validation, "csv-mariadb needs MySQL support, which this build lacks: build with "
            + "`swift build -c release --traits MySQL --product sluice-bench` (needs libmariadb-dev), or run scripts/bench.sh csv-mariadb")
        #endif
    }

    #if MySQL
    static func mysqlURL(_ arguments: [String]) throws -> String {
        if let i = arguments.firstIndex(of: "--mysql"), i + 1 < arguments.count { return arguments[i + 1] }
        if let url = ProcessInfo.processInfo.environment["SLUICE_BENCH_MYSQL_URL"] ?? ProcessInfo.processInfo.environment["SLUICE_TEST_MYSQL_URL"] {
            return url
        }
        throw BatchError(.validation, "needs a MariaDB/MySQL server: --mysql URL, or run through scripts/bench.sh, which starts one")
    }

    static let createTable = """
        (id BIGINT NOT NULL, customer TEXT NOT NULL, email TEXT NOT NULL, amount DOUBLE NOT NULL,
        day DATE NOT NULL, active BOOLEAN NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """

    static func run(_ arguments: [String]) async throws {
        let mode: SQLItemWriter.Mode = arguments.contains("--copy") ? .copy : .insert
        let name = "csv-mariadb"
        let url = try mysqlURL(arguments)
        let count = arguments.first.flatMap(Int.init) ?? 1_000_000
        let provider = DatabaseProvider(drivers: [MySQLDriver()], logger: SQLBenchmarks.quiet)
        let db = try provider.register("bench", url: url)
        let suffix = UInt32.random(in: 0...UInt32.max)
        let (ours, theirs) = ("bench_sluice_\(suffix)", "bench_client_\(suffix)")
        try await db.withConnection { sql in
            try await sql.raw("CREATE TABLE \(ident: ours) \(unsafeRaw: createTable)").run()
            try await sql.raw("CREATE TABLE \(ident: theirs) \(unsafeRaw: createTable)").run()
        }
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(suffix).csv")
        try writeCSV(count: count, to: csv)
        defer { try? FileManager.default.removeItem(at: csv) }
        let size = (try? FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0

        let clientSeconds = try clientLoad(url: try DatabaseURL(url), table: theirs, file: csv)
        let repository = SQLJobRepository(db)
        try await repository.migrate()
        var configuration = JobOperator.Configuration()
        configuration.logger = SQLBenchmarks.quiet
        let step = ChunkStep<Record, Record>(
            "load", chunkSize: 5_000,
            reader: { _ in try CSVItemReader(path: csv.path, header: false, columns: BenchRows.columns.map { ColumnSpec($0) }) },
            writer: { context in try SQLItemWriter(database: db, table: ours, mode: mode, context: context) })
            .transactionManager(SQLTransactionManager(db))
        let job = try Job("bench-\(name)", steps: [step])
        let start = ContinuousClock.now
        let execution = try await JobOperator(repository: repository, configuration: configuration)
            .start(job, parameters: ["table": JobParameter(.string(ours))])
        let sluiceSeconds = (ContinuousClock.now - start).seconds
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
            throw BatchError(.validation, "\(name): status \(execution.status), rows sluice=\(a) client=\(b), expected \(count)")
        }
        let how = mode == .copy ? "LOAD DATA LOCAL INFILE" : "multi-row INSERT"
        print("\(name): rows=\(count) columns=6 chunk=5000 csv=\(size / 1_000_000) MB repository=mariadb writer=\(how)")
        print("\(name): wall time sluice=\(String(format: "%.2f", sluiceSeconds)) s client=\(String(format: "%.2f", clientSeconds)) s (goal: within 2x of the client)")
        let ours_ = Double(count) / sluiceSeconds, peer = Double(count) / clientSeconds
        print("\(name): sluice=\(Int(ours_)) rows/s peer=\(Int(peer)) rows/s (mariadb client LOAD DATA LOCAL INFILE) ratio=\(String(format: "%.2f", ours_ / peer))")
    }

    /// The bench rows as CSV for MySQL (booleans as 1/0).
    static func writeCSV(count: Int, to url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        for i in 1...count {
            buffer += BenchRows.values(i).map { value -> String in
                if case .bool(let b) = value { return b ? "1" : "0" }
                return value.description
            }.joined(separator: ",") + "\n"
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
    }

    /// `mariadb --local-infile -e "LOAD DATA LOCAL INFILE ..."`; the password travels in
    /// `MYSQL_PWD`, never on the command line.
    static func clientLoad(url: DatabaseURL, table: String, file: URL) throws -> Double {
        let candidates = ["/usr/bin/mariadb", "/usr/bin/mysql"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BatchError(.io, "the mariadb client is not installed (Debian package mariadb-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--no-defaults", "--local-infile=1", "-h", url.host ?? "127.0.0.1", "-P", String(url.port ?? 3306),
                             "-u", url.user ?? "root", url.database,
                             "-e", "LOAD DATA LOCAL INFILE '\(file.path)' INTO TABLE `\(table)` FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n'"]
        var environment = ProcessInfo.processInfo.environment
        environment["MYSQL_PWD"] = url.password ?? ""
        process.environment = environment
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BatchError(.io, "mariadb LOAD DATA failed with status \(process.terminationStatus)") }
        return (ContinuousClock.now - start).seconds
    }
    #endif
}
