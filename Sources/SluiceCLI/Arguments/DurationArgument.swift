import ArgumentParser
import Sluice

/// A duration on the command line, as `DurationText` reads it: `30s`, `5m`, `2h`, `30d`, `1h30m`.
struct DurationArgument: ExpressibleByArgument, Sendable {
    /// The duration.
    let duration: Duration
    /// The text as given.
    let text: String

    init?(argument: String) {
        guard let parsed = DurationText(argument) else { return nil }
        duration = parsed.duration
        text = argument
    }

    /// Shown as the default in help.
    var defaultValueDescription: String { text }
}
