import Foundation
import Sluice
import SluiceJSL
import SluiceTestSupport

/// Components for JSL tests: a `numbers` reader, an `upper` processor, a `collect` writer and
/// `note`/`fail` tasklets, all recording into `TestSink`.
enum TestRegistry {
    struct NumbersProperties: Decodable, Sendable {
        var count: Int
        var prefix: String?
    }

    struct CollectProperties: Decodable, Sendable {
        var into: String
    }

    struct NoteProperties: Decodable, Sendable {
        var text: String
        var exitStatus: String?
    }

    struct Empty: Decodable, Sendable {}

    struct ParityProperties: Decodable, Sendable {
        var step: String
    }

    /// Records job and step events into the sink.
    struct AuditListener: JobExecutionListener, StepExecutionListener {
        let label: String
        let sink: TestSink
        func afterJob(_ execution: JobExecution) async {
            sink.add("audit", [Record([("event", .string("\(label): job \(execution.status)"))])])
        }
        func afterStep(_ execution: StepExecution) async -> ExitStatus? {
            sink.add("audit", [Record([("event", .string("\(label): step \(execution.stepName)"))])])
            return nil
        }
    }

    static func make(sink: TestSink) -> ComponentRegistry {
        var registry = ComponentRegistry()
        registry.registerReader("numbers", properties: NumbersProperties.self) { props, _ in
            let prefix = props.prefix ?? "n"
            return ArrayItemReader((1...max(1, props.count)).prefix(props.count).map { Record([("id", .int($0)), ("name", .string("\(prefix)\($0)"))]) })
        }
        registry.registerProcessor("upper", properties: Empty.self) { _, _ in
            ClosureItemProcessor<Record, Record> { record in
                var copy = record
                copy["name"] = .string(record["name"]?.description.uppercased() ?? "")
                return copy
            }
        }
        registry.registerWriter("collect", properties: CollectProperties.self) { props, _ in
            ClosureItemWriter<Record> { chunk in sink.add(props.into, chunk.items) }
        }
        registry.registerTasklet("note", properties: NoteProperties.self) { props, _ in
            ClosureTasklet { context in
                sink.add("notes", [Record([("text", .string(props.text))])])
                if let code = props.exitStatus { context.exitStatus = ExitStatus(code) }
                return .finished
            }
        }
        registry.registerTasklet("fail", properties: Empty.self) { _, _ in
            ClosureTasklet { _ in throw BatchError(.io, "failing on purpose") }
        }
        registry.registerDecider("parity", properties: ParityProperties.self) { props, _ in
            ClosureDecider { context in (context.steps[props.step]?.counters.writeCount ?? 0) % 2 == 0 ? "EVEN" : "ODD" }
        }
        registry.registerListener("audit", properties: NoteProperties.self) { props, _ in
            AuditListener(label: props.text, sink: sink)
        }
        return registry
    }
}

/// What the test components saw, by name.
final class TestSink: Sendable {
    private let records = Records<(String, Record)>()
    func add(_ name: String, _ items: [Record]) { for item in items { records.append((name, item)) } }
    func items(_ name: String) -> [Record] { records.all.filter { $0.0 == name }.map(\.1) }
}

/// A job file in a fresh temporary directory.
struct JobFile {
    let directory: URL
    let path: String

    init(_ text: String, name: String = "job.yaml") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-jsl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The problems of validating the file, as `LINE:COLUMN: message` (file name dropped).
    func problems(_ registry: ComponentRegistry) -> [String] {
        do {
            _ = try YAMLJobLoader(registry: registry).specification(path: path)
            return []
        } catch {
            return error.problems.map { $0.description.replacingOccurrences(of: path + ":", with: "") }
        }
    }
}
