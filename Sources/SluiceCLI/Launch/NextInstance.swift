import Sluice

/// The parameters of `run --next`: the job's incrementer applied to the last instance's
/// parameters (its identifying ones), with the command line's parameters laid over them. This is
/// what ``JobOperator/startNextInstance(_:parameters:)`` computes, done here so the tool can
/// launch with a handle (for progress and interrupts) instead of waiting blind.
enum NextInstance {
    static func parameters(for job: Job, given: JobParameters, in repository: any JobRepository) async throws -> JobParameters {
        guard let incrementer = job.incrementer else {
            throw CommandFailure.usage("job '\(job.name)' has no incrementer, so --next cannot derive a new instance")
        }
        var previous: JobParameters?
        if let last = try await repository.jobInstances(jobName: job.name, offset: 0, limit: 1).first {
            previous = try await repository.jobExecutions(instanceId: last.id).first?.parameters
        }
        return incrementer.next(after: previous).identifying.merging(given)
    }
}
