import ArgumentParser
import Foundation
import Sluice

/// `executions --status`: one status or a comma-separated list (`FAILED,STOPPED`), any case.
struct StatusFilter: ExpressibleByArgument, Sendable {
    /// The statuses to keep.
    let statuses: Set<BatchStatus>

    init?(argument: String) {
        var statuses: Set<BatchStatus> = []
        for part in argument.split(separator: ",") {
            guard let status = BatchStatus(rawValue: part.trimmingCharacters(in: .whitespaces).uppercased()) else { return nil }
            statuses.insert(status)
        }
        guard !statuses.isEmpty else { return nil }
        self.statuses = statuses
    }
}
