import Sluice
import SluiceSQL
import SluiceTestSupport
import SQLKit
import Testing

/// The `sql` writer keeps its own progress row in the target only when the job repository is
/// elsewhere: with the repository in the target database the checkpoint commits with the rows.
@Suite struct SQLItemWriterProgressTests {
    static func load(into target: DatabaseConnection, repository: any JobRepository) async throws -> (rows: Int, progress: [Int]) {
        try await target.withConnection { db in try await db.raw("CREATE TABLE IF NOT EXISTS orders (id INTEGER NOT NULL, name TEXT)").run() }
        let records = (1...25).map { Record(names: ["id", "name"], values: [.int($0), .string("order \($0)")]) }
        let step = ChunkStep<Record, Record>(
            "load", chunkSize: 10,
            reader: { _ in ArrayItemReader(records) },
            writer: { context in try SQLItemWriter(database: target, table: "orders", context: context) }
        ).transactionManager(SQLTransactionManager(target))
        let execution = try await JobOperator(repository: repository, configuration: .quiet).start(try Job("progress", steps: [step]))
        #expect(execution.status == .completed)
        return try await target.withConnection { db in
            let rows = try await db.raw("SELECT COUNT(*) AS n FROM orders").first()?.decode(column: "n", as: Int.self) ?? -1
            let progress = try await db.raw("SELECT position FROM sluice_writer_progress").all().map { try $0.decode(column: "position", as: Int.self) }
            return (rows, progress)
        }
    }

    @Test func repositoryInTheTargetDatabaseNeedsNoProgressRow() async throws {
        let target = try TestDatabases.sqlite("target")
        defer { Task { await target.close() } }
        let repository = SQLJobRepository(target)
        try await repository.migrate()
        let (rows, progress) = try await Self.load(into: target, repository: repository)
        #expect(rows == 25)
        #expect(progress.isEmpty)
    }

    @Test func aFreshRepositoryDoesNotInheritAnotherRepositorysProgress() async throws {
        // Instance ids start at 1 in every repository: the second run's instance has the first
        // one's key, but it starts fresh, so its rows are all written.
        let target = try TestDatabases.sqlite("target")
        defer { Task { await target.close() } }
        _ = try await Self.load(into: target, repository: InMemoryJobRepository())
        let (rows, progress) = try await Self.load(into: target, repository: InMemoryJobRepository())
        #expect(rows == 50)
        #expect(progress == [25])
    }

    @Test func repositoryElsewhereStoresTheProgressWithTheRows() async throws {
        let target = try TestDatabases.sqlite("target")
        defer { Task { await target.close() } }
        let (rows, progress) = try await Self.load(into: target, repository: InMemoryJobRepository())
        #expect(rows == 25)
        #expect(progress == [25])
    }
}
