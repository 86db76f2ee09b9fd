import Foundation
import Sluice
import SluiceCLI
import SluiceJSL
import SluicePostgres
import SluiceSQL
import SluiceSQLite
import SluiceTestSupport
import Testing

/// Job files using the built-in components end to end: `sql` reader, writer and tasklet on SQLite
/// and a real PostgreSQL, the `files` partitioner, and processor expressions checked at load.
@Suite("Built-in components in job files")
struct BuiltInComponentsTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-builtin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func run(_ path: String, registry: ComponentRegistry = .builtIn) async throws -> JobExecution {
        let loaded = try await YAMLJobLoader(registry: registry).load(path: path)
        let op = JobOperator(repository: InMemoryJobRepository(), configuration: .quiet)
        let execution = try await op.start(loaded.job)
        await loaded.shutdown()
        return execution
    }

    private func rows(_ url: String, _ query: String) async throws -> [Record] {
        let database = try DatabaseConnection(name: "check", url: try DatabaseURL(url), driver: url.hasPrefix("sqlite") ? SQLiteDriver() : PostgresDriver())
        defer { Task { await database.close() } }
        let reader = try SQLItemReader(database, query: query)
        try await reader.open(ExecutionContext())
        var all: [Record] = []
        while let record = try await reader.read() { all.append(record) }
        try await reader.close()
        return all
    }

    @Test func csvToSQLiteThroughSQLTaskletReaderAndWriter() async throws {
        var csv = "id,name,amount\n"
        for i in 1...250 { csv += "\(i),name-\(i),\(i).50\n" }
        _ = try write("in.csv", csv)
        let db = "sqlite:" + directory.appendingPathComponent("target.sqlite").path
        let job = try write("load.yaml", """
            job: load-sqlite
            connections:
              target: "\(db)"
            steps:
              - step: schema
                tasklet:
                  sql:
                    connection: target
                    statements:
                      - "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount TEXT)"
                      - "CREATE TABLE copies (id INTEGER PRIMARY KEY, label TEXT)"
              - step: load
                chunk:
                  size: 40
                  reader: { csv: { path: in.csv, columns: [ { name: id, type: int } ] } }
                  writer: { sql: { connection: target, table: items, mode: insert } }
              - step: copy
                chunk:
                  size: 33
                  reader: { sql: { connection: target, query: "SELECT id, name FROM items WHERE id > ? ORDER BY id", params: [200], key: [id] } }
                  writer: { sql: { connection: target, table: copies, mode: upsert, key: [id], columns: { name: label } } }
            """)
        let execution = try await run(job)
        #expect(execution.status == .completed)
        #expect(try await rows(db, "SELECT COUNT(*) AS n FROM items").first?["n"] == .int(250))
        let copies = try await rows(db, "SELECT id, label FROM copies ORDER BY id")
        #expect(copies.count == 50)
        #expect(copies.first?["label"] == .string("name-201"))
    }

    @Test func csvToPostgresWithCopyMode() async throws {
        guard let base = ProcessInfo.processInfo.environment["SLUICE_TEST_POSTGRES_URL"] else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("SLUICE_TEST_POSTGRES_URL is not set in CI") }
            print("skipping the PostgreSQL job-file test: SLUICE_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)")
            return
        }
        let schema = "jsl_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let url = base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)"
        var csv = "id,name\n"
        for i in 1...1000 { csv += "\(i),\"name, \(i)\"\n" }
        _ = try write("pg.csv", csv)
        let job = try write("pg.yaml", """
            job: load-postgres
            connections:
              admin: "\(base)"
              target: "\(url)"
            steps:
              - step: schema
                tasklet: { sql: { connection: admin, statements: [ "CREATE SCHEMA \(schema)", "CREATE TABLE \(schema).people (id BIGINT PRIMARY KEY, name TEXT NOT NULL)" ] } }
              - step: load
                chunk:
                  size: 300
                  reader: { csv: { path: pg.csv, columns: [ { name: id, type: int } ] } }
                  writer: { sql: { connection: target, table: people, mode: copy } }
            """)
        let execution = try await run(job)
        #expect(execution.status == .completed)
        let people = try await rows(url, "SELECT COUNT(*) AS n, MAX(name) AS top FROM people")
        #expect(people.first?["n"] == .int(1000))
    }

    @Test func filesPartitionerOnePartitionPerFile() async throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("in"), withIntermediateDirectories: true)
        for name in ["b", "a", "c"] { _ = try write("in/\(name).csv", "id\n1\n2\n") }
        let job = try write("parts.yaml", """
            job: per-file
            steps:
              - step: load
                partition: { threads: 2, partitioner: { files: { glob: "in/*.csv" } } }
                chunk:
                  reader: { csv: { path: "#{partition['file']}" } }
                  processor: { transform: { set: { source: "'#{partition['name']}'" } } }
                  writer: { ndjson: { path: "#{partition['file']}.ndjson" } }
            """)
        let execution = try await run(job)
        #expect(execution.status == .completed)
        let text = try String(contentsOfFile: directory.appendingPathComponent("in/b.csv.ndjson").path, encoding: .utf8)
        #expect(text == "{\"id\":\"1\",\"source\":\"b.csv\"}\n{\"id\":\"2\",\"source\":\"b.csv\"}\n")
    }

    /// A `csv` → `parquet` step moves chunks column by column; a skip policy sends the same job
    /// down the record path. Both must publish byte-identical files (typed columns with nulls,
    /// quoted text, wide and exponent decimals, and a glob whose second file has another header).
    @Test func csvToParquetColumnByColumnWritesWhatARecordPerRowWrites() async throws {
        var first = "id,name,amount,price,day,active,note\n"
        for i in 1...300 {
            let amount = i % 17 == 0 ? "" : i % 41 == 0 ? "12345678901234567890.5" : i % 43 == 0 ? "1.5e2" : "\(i % 1000).\(i % 100)"
            first += "\(i),\"name, \(i % 13)\",\(amount),\(Double(i) / 8),2026-11-\(i % 28 + 10 < 20 ? "1" : "2")\(i % 9),"
                + "\(i % 3 == 0 ? "yes" : "F"),\(i % 5 == 0 ? "" : "note \(i % 50)")\n"
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("in"), withIntermediateDirectories: true)
        _ = try write("in/a.csv", first)
        _ = try write("in/b.csv", "id,extra,amount,price,day,active,name\n301,x,1.25,2.5,2026-11-30,true,late\n302,y,,,,,\n")
        func job(_ name: String, skip: String) throws -> String {
            try write("\(name).yaml", """
                job: \(name)
                steps:
                  - step: export
                    chunk:
                      size: 64
                      \(skip)
                      reader:
                        csv:
                          path: "in/*.csv"
                          columns: [ { name: id, type: int }, { name: amount, type: decimal }, { name: price, type: double },
                                     { name: day, type: date }, { name: active, type: bool } ]
                      writer:
                        parquet:
                          path: \(name).parquet
                          row-group-size: 100
                          columns:
                            - { name: id, type: int, nullable: false }
                            - { name: name, type: string }
                            - { name: amount, type: decimal, precision: 38, scale: 2 }
                            - { name: price, type: double }
                            - { name: day, type: date }
                            - { name: active, type: bool }
                            - { name: note, type: string }
                """)
        }
        let columnar = try await run(try job("columnar", skip: ""))
        let records = try await run(try job("records", skip: "skip: { limit: 1, on: [io] }"))
        #expect(columnar.status == .completed && records.status == .completed)
        let a = try Data(contentsOf: directory.appendingPathComponent("columnar.parquet"))
        let b = try Data(contentsOf: directory.appendingPathComponent("records.parquet"))
        #expect(a.count > 1000 && a == b)
    }

    @Test func csvToRollingParquetAndBack() async throws {
        var csv = "id,amount,day\n"
        for i in 1...25 { csv += "\(i),\(i).25,2026-11-\(i % 28 + 1 < 10 ? "0" : "")\(i % 28 + 1)\n" }
        _ = try write("orders.csv", csv)
        let job = try write("parquet.yaml", """
            job: to-parquet
            steps:
              - step: export
                chunk:
                  size: 4
                  reader: { csv: { path: orders.csv, columns: [ { name: id, type: int }, { name: amount, type: decimal }, { name: day, type: date } ] } }
                  writer:
                    parquet:
                      path: out/orders-{seq}.parquet
                      row-group-size: 5
                      max-rows-per-file: 10
                      columns:
                        - { name: id, type: int, nullable: false }
                        - { name: amount, type: decimal, precision: 9, scale: 2 }
                        - { name: day, type: date }
              - step: back
                chunk:
                  reader: { parquet: { path: "out/*.parquet", columns: [id, amount] } }
                  writer: { ndjson: { path: back.ndjson } }
            """)
        let execution = try await run(job)
        #expect(execution.status == .completed)
        let published = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out").path).sorted()
        #expect(published.filter { $0.hasSuffix(".parquet") && !$0.hasPrefix(".") }.count == 3)
        #expect(!published.contains { $0.hasPrefix(".") })
        let back = try String(contentsOfFile: directory.appendingPathComponent("back.ndjson").path, encoding: .utf8)
        let lines = back.split(separator: "\n")
        #expect(lines.count == 25)
        #expect(lines.first == "{\"id\":1,\"amount\":1.25}")
    }

    @Test func processorExpressionErrorsAreReportedAtTheirLine() throws {
        let job = try write("bad.yaml", """
            job: bad-expressions
            steps:
              - step: load
                chunk:
                  reader: { csv: { path: in.csv } }
                  processor:
                    transform:
                      filter: "amount >"
                      set:
                        total: "amount * * qty"
                  writer: { sql: { table: t } }
            """)
        do {
            _ = try YAMLJobLoader(registry: .builtIn).specification(path: job)
            Issue.record("expected problems")
        } catch {
            let texts = error.problems.map { $0.description.replacingOccurrences(of: job + ":", with: "") }
            #expect(texts.contains { $0.hasPrefix("8:19: processor 'transform': ") }, "\(texts)")
            #expect(texts.contains { $0.hasPrefix("11:22: writer 'sql': missing required key 'connection'") }, "\(texts)")
        }
    }

    @Test func builtInNamesMatchTheContract() {
        let registry = ComponentRegistry.builtIn
        #expect(Set(registry.names(of: .reader)).isSuperset(of: ["csv", "tsv", "ndjson", "json", "fixed", "sql", "parquet", "http"]))
        #expect(Set(registry.names(of: .processor)) == ["transform", "validate"])
        #expect(Set(registry.names(of: .writer)).isSuperset(of: ["csv", "tsv", "ndjson", "json", "sql", "parquet", "log", "http"]))
        #expect(Set(registry.names(of: .tasklet)) == ["noop", "sleep", "shell", "sql", "file", "http"])
        #expect(Set(registry.names(of: .partitioner)) == ["files", "range"])
    }
}
