import Logging
import Sluice
import SluiceSQL
import SluicePostgres
import SluiceSQLite
#if MySQL
import SluiceMySQL
#endif

/// An open job repository and the database connection behind it, closed with ``close()``.
///
/// Opening prepares the schema: SQLite (and `memory:`) repositories are migrated automatically;
/// a PostgreSQL repository must already have the current schema (`sluice migrate` installs it),
/// so that a job never creates tables in a shared database by surprise.
struct OpenedRepository: Sendable {
    /// Whether opening migrates or checks the schema, or leaves it alone (`migrate` does the work itself).
    enum SchemaHandling: Sendable { case prepare, leave }

    /// Where it is.
    let location: RepositoryLocation
    /// The repository.
    let repository: any JobRepository
    /// The SQL database, nil for `memory:`.
    let database: DatabaseConnection?

    /// Opens the repository at `location`.
    static func open(_ location: RepositoryLocation, logger: Logger, schema: SchemaHandling = .prepare) async throws(CommandFailure) -> OpenedRepository {
        guard location.kind != .memory else {
            return OpenedRepository(location: location, repository: InMemoryJobRepository(), database: nil)
        }
        let database: DatabaseConnection
        do {
            let driver = try location.driver()
            database = try DatabaseConnection(name: "repository", url: location.url, driver: driver, poolSize: 2, logger: logger)
        } catch {
            throw .failed("cannot open the repository \(location): \(ErrorText.line(error))")
        }
        let opened = OpenedRepository(location: location, repository: SQLJobRepository(database), database: database)
        if schema == .prepare {
            do throws(CommandFailure) {
                try await opened.prepareSchema(database)
            } catch {
                await opened.close()
                throw error
            }
        }
        return opened
    }

    /// Migrates SQLite automatically; checks that PostgreSQL has the current schema.
    private func prepareSchema(_ database: DatabaseConnection) async throws(CommandFailure) {
        let migrator = SQLMigrator(database)
        do {
            if location.kind == .sqlite {
                try await migrator.migrate()
                return
            }
            let applied = try await migrator.appliedVersions()
            guard applied.contains(migrator.latestVersion) else {
                let state = applied.isEmpty ? "has no Sluice schema" : "has an older Sluice schema (version \(applied.max()!))"
                throw CommandFailure.usage("the repository \(location) \(state): run `sluice migrate --repository URL` first")
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw .failed("cannot open the repository \(location): \(ErrorText.line(error))")
        }
    }

    /// Closes the database connection.
    func close() async { await database?.close() }
}

extension RepositoryLocation {
    /// The driver that opens this repository's database.
    func driver() throws -> any DatabaseDriver {
        switch kind {
        case .sqlite, .memory: return SQLiteDriver()
        case .postgres: return PostgresDriver()
        case .mysql:
            #if MySQL
            return MySQLDriver()
            #else
            throw BatchError(.validation, "MySQL support is not built in: build with `swift build --traits MySQL`")
            #endif
        }
    }
}
