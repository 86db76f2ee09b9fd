import Foundation
import Logging
import Sluice
import Synchronization

// sluice-bench: side-by-side benchmarks. Each prints one closing line
// `NAME: sluice=VALUE UNIT peer=VALUE UNIT (PEER) ratio=SLUICE/PEER`.

/// A benchmark the tool can run.
struct Benchmark {
    let name: String
    let summary: String
    let run: @Sendable ([String]) async throws -> Void
}

let benchmarks: [Benchmark] = [
    Benchmark(name: "core", summary: "10M items: in-memory reader → pass-through processor → discarding writer, chunk 1000, in-memory repository; vs a plain Swift loop over the same reader and writer", run: CoreBenchmark.run),
    Benchmark(name: "csv-postgres-copy", summary: "1M-row CSV × 6 columns (csv reader) into PostgreSQL with the sql writer's copy mode, chunk 5000, PostgreSQL repository; vs psql \\copy of the same file", run: { try await SQLBenchmarks.csvToPostgres(mode: .copy, $0) }),
    Benchmark(name: "csv-postgres-insert", summary: "the same with multi-row INSERT statements; vs psql \\copy", run: { try await SQLBenchmarks.csvToPostgres(mode: .insert, $0) }),
    Benchmark(name: "csv-ndjson", summary: "1M-row CSV (~100 MB) → NDJSON, chunk 1000, SQLite repository; vs a plain Swift program (and Python's csv module); also CSV parsing alone in MB/s", run: FileBenchmarks.csvToNDJSON),
    Benchmark(name: "csv-parquet", summary: "1M-row CSV × 8 mixed columns → Parquet through a chunk step; vs pyarrow read_csv + write_table with the same codec, single-threaded; prints peak memory and file sizes. Args: [ROWS] [--compression none|snappy|gzip|zstd] [--compression-level N] [--runs N (rounds, fastest kept; default 3)] [--sluice-only (one thread, no peer: for profiling)] [--stages (CSV read and Parquet write timed apart, in-process)]", run: ParquetBenchmarks.csvToParquet),
    Benchmark(name: "parquet-read", summary: "1M-row Parquet (snappy, written by pyarrow) → NDJSON through a chunk step; vs pyarrow iter_batches + json and DuckDB, single-threaded. Args: [ROWS] [--runs N (rounds, fastest kept; default 3)]", run: ParquetBenchmarks.parquetRead),
    Benchmark(name: "csv-mariadb", summary: "1M generated rows × 6 columns into MariaDB with the sql writer's multi-row INSERTs (--copy: LOAD DATA LOCAL INFILE), chunk 5000, MariaDB repository; vs the mariadb client's LOAD DATA LOCAL INFILE of the same rows as CSV (needs --traits MySQL)", run: MySQLBenchmarks.csvToMariaDB),
    Benchmark(name: "dns", summary: "dnsperf against Sluice's DNS server (cache hits, dnsmasq upstream) and against dnsmasq, same query file: queries/s, mean and p99 latency", run: DNSBenchmark.run),
    Benchmark(name: "proxy", summary: "wrk through Sluice's HTTP proxy (blocklist of 10k domains, 21 rules, SSRF guard, DLP, download sniffing, audit log) vs through tinyproxy vs direct, same local origin; requests/s and p99", run: ProxyBenchmark.run),
    Benchmark(name: "repository-overhead", summary: "per-chunk commit cost of the SQLite and PostgreSQL repositories vs the in-memory one, chunk 10 and 1000", run: SQLBenchmarks.repositoryOverhead),
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "list" else {
    for b in benchmarks { print("\(b.name)\t\(b.summary)") }
    exit(arguments.isEmpty ? 2 : 0)
}
guard let benchmark = benchmarks.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(Data("sluice-bench: unknown benchmark '\(name)'; `sluice-bench list` names them\n".utf8))
    exit(2)
}
do {
    try await benchmark.run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("sluice-bench \(name): \(error)\n".utf8))
    exit(1)
}
