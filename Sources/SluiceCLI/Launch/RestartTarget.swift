import Sluice

/// The checks `restart` makes on the execution it restarts before loading and launching anything.
enum RestartTarget {
    /// The execution, or a usage failure when there is none with that id.
    static func execution(_ id: Int, in repository: any JobRepository) async throws -> JobExecution {
        guard let execution = try await repository.jobExecution(id: id) else { throw CommandFailure.noSuchExecution(id) }
        return execution
    }

    /// The job file recorded with the execution by `sluice run`.
    static func jobFile(of execution: JobExecution) throws(CommandFailure) -> String {
        guard let path = ReservedParameters.jobFile(of: execution) else {
            throw .usage("execution \(execution.id) of job '\(execution.jobName)' has no recorded job file "
                + "(it was not started by `sluice run`); restart it from the program that defines the job")
        }
        return path
    }

    /// The job file must still define the same job.
    static func check(_ job: Job, matches execution: JobExecution) throws(CommandFailure) {
        guard job.name == execution.jobName else {
            throw .usage("the job file of execution \(execution.id) now defines job '\(job.name)', not '\(execution.jobName)'")
        }
    }

    /// Overrides may not change the instance's identity, and must re-supply secret parameters,
    /// which the repository only holds masked.
    static func check(_ overrides: JobParameters, against execution: JobExecution) throws(CommandFailure) {
        for name in overrides.names {
            if let old = execution.parameters[name], old.identifying, overrides[name]!.identifying, old.value != overrides[name]!.value {
                throw .usage("job parameter '\(name)' identifies the job instance and cannot change on restart; "
                    + "use `sluice run` with the new value for a new instance")
            }
        }
        let missing = execution.parameters.names.filter { execution.parameters[$0]!.secret && overrides[$0] == nil }
        guard missing.isEmpty else {
            throw .usage("execution \(execution.id) has secret parameters the repository only holds masked; supply them again: "
                + missing.map { "\($0)=VALUE" }.joined(separator: " "))
        }
    }
}
