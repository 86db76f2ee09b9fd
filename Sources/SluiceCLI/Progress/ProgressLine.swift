import Foundation
import Sluice

/// One line of live progress for a step execution: name, status, a progress bar when the reader
/// knows its total (``Sluice/StepProgress``), items read and written, read rate and elapsed time.
/// Counts are the step's last committed chunk.
enum ProgressLine {
    /// Width of the bar in characters.
    static let barWidth = 20

    /// `[#########-----------]  45%`, or nil when the total is not known.
    static func bar(_ step: StepExecution) -> String? {
        guard let fraction = StepProgress.fraction(in: step.executionContext) else { return nil }
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "] "
            + String(format: "%3.0f%%", fraction * 100)
    }

    static func text(_ step: StepExecution, now: Date = Date()) -> String {
        let c = step.counters
        let elapsed = max(0, (step.endTime ?? now).timeIntervalSince(step.startTime ?? now))
        let rate = elapsed > 0 ? Double(c.readCount) / elapsed : 0
        let indent = step.stepName.contains(":") ? "    " : "  "
        return indent + step.stepName + "  " + step.status.rawValue
            + (bar(step).map { "  " + $0 } ?? "")
            + "  read \(c.readCount)  written \(c.writeCount)"
            + (c.skipCount > 0 ? "  skipped \(c.skipCount)" : "")
            + "  " + String(format: "%.0f", rate) + " items/s  " + ElapsedText.format(elapsed)
    }
}
