import ArgumentParser

/// The `sluice` root command: only dispatches to its subcommands.
struct SluiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Run and manage Sluice batch jobs.",
        discussion: """
            Exit codes: 0 completed (or the command succeeded), 1 failed, 2 usage error or invalid \
            job (nothing started), 3 stopped, 4 refused, 130 aborted by a second interrupt.
            The repository is --repository, else $SLUICE_REPOSITORY, else the --config file's, \
            else sqlite:.sluice/repository.sqlite.
            """,
        subcommands: [
            RunCommand.self, RestartCommand.self, StopCommand.self, AbandonCommand.self, RecoverCommand.self,
            ExecutionsCommand.self, ShowCommand.self, ValidateCommand.self, MigrateCommand.self, PurgeCommand.self,
            DNSCommand.self,
            ProxyCommand.self,
        ]
    )
}
