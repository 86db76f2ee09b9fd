import Sluice
import SluiceSQL

/// Where the job repository lives: `--repository`, else the `SLUICE_REPOSITORY` environment
/// variable, else the repository of the `--config` file, else `sqlite:.sluice/repository.sqlite`
/// relative to the working directory.
///
/// Supported: `memory:`, `sqlite:PATH` (relative paths are made absolute against the working
/// directory), `postgres://USER:PASS@HOST:PORT/DB`, and with the `MySQL` package trait
/// `mysql://` / `mariadb://USER:PASS@HOST:PORT/DB`; without the trait those are refused with a
/// message saying how to build with MySQL support. The description never shows a password.
struct RepositoryLocation: Sendable, Hashable, CustomStringConvertible {
    /// Where the URL came from, for messages.
    enum Source: String, Sendable, Hashable {
        case option = "--repository"
        case environment = "SLUICE_REPOSITORY"
        case config = "--config"
        case defaultPath = "the default"
    }

    /// The kinds of repository this executable can open.
    enum Kind: Sendable, Hashable { case memory, sqlite, postgres, mysql }

    /// The environment variable consulted after `--repository`.
    static let environmentVariable = "SLUICE_REPOSITORY"
    /// The repository used when nothing else names one.
    static let defaultURL = "sqlite:.sluice/repository.sqlite"

    /// The parsed URL (SQLite paths made absolute).
    let url: DatabaseURL
    /// What kind of repository it is.
    let kind: Kind
    /// Where it came from.
    let source: Source

    /// The URL with the password masked.
    var description: String { url.description }

    /// Picks the repository by precedence: option, environment, config, default.
    static func resolve(
        option: String?, environment: [String: String], configured: String?, workingDirectory: String
    ) throws(CommandFailure) -> RepositoryLocation {
        let candidates: [(String?, Source)] = [
            (option, .option), (environment[environmentVariable], .environment), (configured, .config),
        ]
        let (text, source) = candidates.lazy
            .compactMap { text, source in text.flatMap { $0.isEmpty ? nil : ($0, source) } }
            .first ?? (defaultURL, .defaultPath)
        return try RepositoryLocation(text, source: source, environment: environment, workingDirectory: workingDirectory)
    }

    /// Parses a repository URL.
    init(_ text: String, source: Source, environment: [String: String], workingDirectory: String) throws(CommandFailure) {
        var url: DatabaseURL
        do {
            url = try DatabaseURL(text, environment: environment)
        } catch {
            throw .usage("invalid repository URL (from \(source.rawValue)): \(ErrorText.line(error))")
        }
        switch url.scheme {
        case "memory":
            kind = .memory
        case "sqlite":
            guard !url.database.isEmpty else {
                throw .usage("repository URL '\(url)' (from \(source.rawValue)) names no file; write sqlite:PATH")
            }
            if url.database != ":memory:" {
                url.database = ReservedParameters.absolute(url.database, in: workingDirectory)
            }
            kind = .sqlite
        case "postgres":
            kind = .postgres
        case "mysql", "mariadb":
            #if MySQL
            kind = .mysql
            #else
            throw .usage("MySQL repositories are not supported by this sluice executable (\(url), from \(source.rawValue)): "
                + "it was built without the MySQL trait; build with `swift build --traits MySQL` (needs libmariadb-dev), "
                + "or use sqlite:PATH or postgres://USER:PASS@HOST:PORT/DB")
            #endif
        default:
            throw .usage("unsupported repository URL '\(url)' (from \(source.rawValue)); "
                + "use memory:, sqlite:PATH or postgres://USER:PASS@HOST:PORT/DB")
        }
        self.url = url
        self.source = source
    }
}
