import Sluice
import SluiceSQL
import SluiceTestSupport
import Testing

/// The repository contract of the core, on real databases.
@Suite struct SQLRepositoryContractTests {
    @Test(arguments: RepositoryContract.all)
    func sqlite(_ contract: RepositoryContract) async throws {
        let database = try TestDatabases.sqlite()
        defer { Task { await database.close() } }
        let repository = SQLJobRepository(database)
        try await repository.migrate()
        try await contract.run(repository)
    }

    @Test(.enabled(if: TestDatabases.postgresAvailable), arguments: RepositoryContract.all)
    func postgres(_ contract: RepositoryContract) async throws {
        let database = try await TestDatabases.postgres()
        let repository = SQLJobRepository(database)
        try await repository.migrate()
        do { try await contract.run(repository) } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    #if MySQL
    @Test(.enabled(if: TestDatabases.mysqlAvailable), arguments: RepositoryContract.all)
    func mysql(_ contract: RepositoryContract) async throws {
        let database = try await TestDatabases.mysql()
        let repository = SQLJobRepository(database)
        try await repository.migrate()
        do { try await contract.run(repository) } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    @Test(.enabled(if: TestDatabases.mysqlAvailable))
    func mysqlMigrationsRunOnceEvenConcurrently() async throws {
        let database = try await TestDatabases.mysql()
        let migrators = (0..<4).map { _ in SQLMigrator(database) }
        let ran = try await withThrowingTaskGroup(of: [Int].self) { group in
            for migrator in migrators { group.addTask { try await migrator.migrate() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ran.sorted { $0.count < $1.count } == [[], [], [], [1]])
        #expect(try await SQLMigrator(database).appliedVersions() == [1])
        await database.close()
    }
    #endif

    @Test func migrationsRunOnceAndAreRecorded() async throws {
        let database = try TestDatabases.sqlite()
        let migrator = SQLMigrator(database)
        #expect(try await migrator.appliedVersions() == [])
        #expect(try await migrator.migrate() == [1])
        #expect(try await migrator.migrate() == [])
        #expect(try await migrator.appliedVersions() == [1])
        await database.close()
    }
}
