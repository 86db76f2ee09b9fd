// A small process for crash and concurrency tests of the SQL layer: copies generated rows into a
// target table with the `sql` writer, with the job repository on another (or the same) database.
//
//   sluice-test-sql-job --repository URL --target URL --table NAME --rows N --chunk N
//                       [--mode insert|upsert|copy] [--delay-ms N] [--recover] [--read-ahead]
//
// `--read-ahead` lets the step read (and prepare) the next chunk while one is committed, which on
// PostgreSQL with the repository in the target also overlaps each commit with the next write.
//
// Exit codes follow the CLI contract: 0 COMPLETED, 1 FAILED, 3 STOPPED, 4 refused.
import Foundation
import Logging
import Sluice
import SluiceSQL
import SluicePostgres
import SluiceSQLite
#if MySQL
import SluiceMySQL
#endif
import Synchronization

/// Rows id 1...count with a payload, restartable by position.
final class GeneratedRows: ItemReader, ItemStream {
    let count: Int
    let delay: Duration
    private let next = Mutex(1)

    init(count: Int, delay: Duration) {
        self.count = count
        self.delay = delay
    }

    func read() async throws -> Record? {
        let id: Int = next.withLock { n in defer { n += 1 }; return n }
        guard id <= count else { return nil }
        if delay > .zero, id % 10 == 0 { try await Task.sleep(for: delay) }
        return Record([("id", .int(id)), ("payload", .string("row \(id) 'quoted' \u{1F600}"))])
    }

    func open(_ context: ExecutionContext) async throws {
        let saved = context.int("generated.next") ?? 1
        next.withLock { $0 = saved }
    }

    func update(_ context: inout ExecutionContext) async throws {
        context["generated.next"] = .int(next.withLock { $0 })
    }
}

/// ``GeneratedRows`` offered for read-ahead: its state is taken right after each chunk is read.
final class ReadAheadRows: ReadAheadItemReader, ItemStream {
    let rows: GeneratedRows
    init(_ rows: GeneratedRows) { self.rows = rows }
    func read() async throws -> Record? { try await rows.read() }
    func open(_ context: ExecutionContext) async throws { try await rows.open(context) }
    func update(_ context: inout ExecutionContext) async throws { try await rows.update(&context) }
}

func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

let quiet = Logger(label: "harness", factory: { _ in SwiftLogNoOpLogHandler() })
#if MySQL
let drivers: [any DatabaseDriver] = [SQLiteDriver(), PostgresDriver(), MySQLDriver()]
#else
let drivers: [any DatabaseDriver] = [SQLiteDriver(), PostgresDriver()]
#endif
let provider = DatabaseProvider(drivers: drivers, logger: quiet)
do {
    guard let repositoryURL = option("--repository"), let targetURL = option("--target"), let table = option("--table") else {
        FileHandle.standardError.write(Data("usage: sluice-test-sql-job --repository URL --target URL --table NAME --rows N --chunk N\n".utf8))
        exit(2)
    }
    let rows = Int(option("--rows") ?? "1000") ?? 1000
    let chunk = Int(option("--chunk") ?? "50") ?? 50
    let mode = SQLItemWriter.Mode(rawValue: option("--mode") ?? "insert") ?? .insert
    let delay = Duration.milliseconds(Int(option("--delay-ms") ?? "0") ?? 0)
    let repositoryDB = try provider.register("repository", url: repositoryURL)
    let target = repositoryURL == targetURL ? repositoryDB : try provider.register("target", url: targetURL)
    let repository = SQLJobRepository(repositoryDB)
    try await repository.migrate()
    var configuration = JobOperator.Configuration()
    configuration.logger = quiet
    configuration.heartbeatInterval = .milliseconds(200)
    let op = JobOperator(repository: repository, configuration: configuration)
    if CommandLine.arguments.contains("--recover") {
        _ = try await op.recover(staleAfter: .milliseconds(600))
    }
    let step = ChunkStep<Record, Record>(
        "copy", chunkSize: chunk,
        reader: { _ -> any ItemReader<Record> in
            let generated = GeneratedRows(count: rows, delay: delay)
            return CommandLine.arguments.contains("--read-ahead") ? ReadAheadRows(generated) : generated
        },
        writer: { context in try SQLItemWriter(database: target, table: table, mode: mode, context: context) })
        .transactionManager(SQLTransactionManager(target))
    let job = try Job("harness-copy", steps: [step])
    let execution = try await op.start(job, parameters: ["table": JobParameter(.string(table))])
    print("execution \(execution.id) \(execution.status) \(execution.exitStatus.description)")
    await provider.closeAll()
    switch execution.status {
    case .completed: exit(0)
    case .stopped: exit(3)
    default: exit(1)
    }
} catch let refused as LaunchRefused {
    print("refused: \(refused)")
    await provider.closeAll()
    exit(4)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    await provider.closeAll()
    exit(1)
}
