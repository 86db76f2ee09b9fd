import ArgumentParser

/// The options `run` and `restart` share: a configuration file for the loader and what to print.
struct LaunchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A config file (connections, repository) passed to the job loader.", valueName: "file"))
    var config: String?

    @Flag(help: "Print the final execution as one JSON document on standard output.")
    var json = false

    @Flag(help: "Print no progress or summary on standard error (errors still are).")
    var quiet = false
}
