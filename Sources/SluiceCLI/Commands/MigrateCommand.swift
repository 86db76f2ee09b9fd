import ArgumentParser
import SluiceSQL

/// `sluice migrate`: installs or upgrades the repository's SQL schema.
struct MigrateCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the repository schema (needed once for PostgreSQL; SQLite migrates itself).",
        discussion: "Prints the migrations it applied. Migrations only add; several processes may run it at once.")

    @OptionGroup var repository: RepositoryOptions

    func execute(in context: ToolContext) async throws -> Int32 {
        let location = try repository.location(in: context)
        let opened = try await OpenedRepository.open(location, logger: context.logger, schema: .leave)
        guard let database = opened.database else {
            context.console.print("\(location): an in-memory repository has no schema to migrate")
            return ExitCodes.success
        }
        let migrator = SQLMigrator(database)
        let applied: [Int]
        do {
            applied = try await migrator.migrate()
        } catch {
            await opened.close()
            throw CommandFailure.failed("cannot migrate the repository \(location): \(ErrorText.line(error))")
        }
        await opened.close()
        if applied.isEmpty {
            context.console.print("\(location): schema is up to date (version \(migrator.latestVersion))")
        } else {
            context.console.print("\(location): applied migration\(applied.count == 1 ? "" : "s") "
                + applied.map(String.init).joined(separator: ", ") + "; schema is at version \(migrator.latestVersion)")
        }
        return ExitCodes.success
    }
}
