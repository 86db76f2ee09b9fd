import Foundation
import Sluice

/// The step executions of a job execution in the order the tool lists them: creation order,
/// except that partition workers (`STEP:PARTITION`) follow their manager step, ordered by
/// partition name with numbers compared numerically (`p2` before `p10`).
enum StepListing {
    static func ordered(_ steps: [StepExecution]) -> [StepExecution] {
        let byId = steps.sorted { $0.id < $1.id }
        let workers = Dictionary(grouping: byId.filter { $0.stepName.contains(":") }) { managerName(of: $0) }
        let managers = Set(byId.filter { !$0.stepName.contains(":") }.map(\.stepName))
        var listed: [StepExecution] = []
        for step in byId where !step.stepName.contains(":") {
            listed.append(step)
            listed += sortedWorkers(workers[step.stepName] ?? [])
        }
        // Workers whose manager is not in this execution still get listed.
        for (manager, orphans) in workers.sorted(by: { $0.key < $1.key }) where !managers.contains(manager) {
            listed += sortedWorkers(orphans)
        }
        return listed
    }

    static func managerName(of worker: StepExecution) -> String {
        String(worker.stepName.split(separator: ":", maxSplits: 1)[0])
    }

    private static func sortedWorkers(_ workers: [StepExecution]) -> [StepExecution] {
        workers.sorted { $0.stepName.compare($1.stepName, options: .numeric) == .orderedAscending }
    }
}
