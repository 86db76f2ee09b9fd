import Foundation
import Sluice

/// One line of live progress for a step execution: name, status, items read and written,
/// read rate and elapsed time. Counts are the step's last committed chunk.
enum ProgressLine {
    static func text(_ step: StepExecution, now: Date = Date()) -> String {
        let c = step.counters
        let elapsed = max(0, (step.endTime ?? now).timeIntervalSince(step.startTime ?? now))
        let rate = elapsed > 0 ? Double(c.readCount) / elapsed : 0
        let indent = step.stepName.contains(":") ? "    " : "  "
        return indent + step.stepName + "  " + step.status.rawValue
            + "  read \(c.readCount)  written \(c.writeCount)"
            + (c.skipCount > 0 ? "  skipped \(c.skipCount)" : "")
            + "  " + String(format: "%.0f", rate) + " items/s  " + ElapsedText.format(elapsed)
    }
}
