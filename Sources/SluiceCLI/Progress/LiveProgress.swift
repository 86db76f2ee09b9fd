import Foundation
import Sluice
import Synchronization

/// Live progress on a terminal: one line per step of the running execution, redrawn in place
/// (ANSI cursor movement) about twice a second from the step executions in the repository.
/// Used only when standard error is a terminal, and not with `--quiet` or `--json`.
final class LiveProgress: Sendable {
    private let sink: any TextSink
    private let interval: Duration
    /// How many lines the last drawing left on the screen.
    private let linesDrawn = Mutex(0)

    init(sink: any TextSink, interval: Duration = .milliseconds(500)) {
        self.sink = sink
        self.interval = interval
    }

    /// Polls and redraws until the calling task is cancelled. Repository errors skip a refresh.
    func run(repository: any JobRepository, executionId: Int) async {
        while !Task.isCancelled {
            // The query runs in its own task so that cancelling the display never cancels a
            // database call half-way (a connection being opened could not be cleaned up).
            let query = Task { try await repository.stepExecutions(jobExecutionId: executionId) }
            if let steps = try? await query.value, !Task.isCancelled { draw(steps) }
            try? await Task.sleep(for: interval)
        }
    }

    /// Replaces the previous drawing with the lines of `steps`.
    func draw(_ steps: [StepExecution], now: Date = Date()) {
        let lines = StepListing.ordered(steps).map { ProgressLine.text($0, now: now) }
        linesDrawn.withLock { drawn in
            sink.write(Self.moveUp(drawn) + lines.map { "\u{1B}[2K" + $0 + "\n" }.joined() + "\u{1B}[J")
            drawn = lines.count
        }
    }

    /// Writes a message under the progress lines; the next drawing starts below it.
    func note(_ line: String) {
        linesDrawn.withLock { drawn in
            sink.write(line + "\n")
            drawn = 0
        }
    }

    /// Moves the cursor to the start of the line `count` lines up.
    static func moveUp(_ count: Int) -> String { count > 0 ? "\u{1B}[\(count)F" : "" }
}
