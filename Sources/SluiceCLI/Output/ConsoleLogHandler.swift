import Foundation
import Logging
import Sluice

/// Writes log lines (`TIME LEVEL LABEL: message [key=value ...]`) to the console's standard error,
/// so logs never mix with the results (or the JSON) on standard output.
struct ConsoleLogHandler: LogHandler {
    let sink: any TextSink
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        sink.write("\(Timestamps.format(Date())) \(event.level) \(label): \(event.message)"
            + (fields.isEmpty ? "" : " [\(fields)]") + "\n")
    }
}
