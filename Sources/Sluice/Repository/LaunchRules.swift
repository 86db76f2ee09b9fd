/// What to launch: a job name, its parameters (secrets already masked) and whether it may restart.
public struct LaunchRequest: Sendable, Hashable {
    /// The job name.
    public var jobName: String
    /// The parameters to store with the execution (masked).
    public var parameters: JobParameters
    /// The instance key of the identifying parameters.
    public var instanceKey: String
    /// Whether the job allows restarts (`restartable: false` refuses them).
    public var restartable: Bool
    /// For an explicit restart: the execution being restarted, which must be the instance's latest
    /// and FAILED or STOPPED.
    public var restartOf: Int?

    /// Creates a request; the instance key is derived from the parameters.
    public init(jobName: String, parameters: JobParameters, restartable: Bool = true, restartOf: Int? = nil) {
        self.jobName = jobName
        self.parameters = parameters
        self.instanceKey = JobInstance.key(for: parameters)
        self.restartable = restartable
        self.restartOf = restartOf
    }
}

/// Why a launch was refused (the CLI's exit code 4). Nothing was created.
public enum LaunchRefused: Error, Sendable, Hashable, CustomStringConvertible {
    /// The instance's last execution COMPLETED.
    case alreadyComplete(instanceId: Int, executionId: Int)
    /// The instance has a running execution.
    case alreadyRunning(executionId: Int)
    /// The job is not restartable and the instance already ran.
    case notRestartable(instanceId: Int)
    /// The instance's last execution was abandoned.
    case abandoned(executionId: Int)
    /// `restart` named an execution that is not its instance's latest.
    case notLatest(executionId: Int, latest: Int)
    /// The execution to restart is in a state that cannot be restarted.
    case notRestartableStatus(executionId: Int, status: BatchStatus)
    /// The step the restart would resume at has reached its start limit.
    case startLimitReached(step: String, limit: Int)
    /// No execution with that id.
    case noSuchExecution(id: Int)
    /// No job with that name is known to the operator.
    case noSuchJob(name: String)
    /// The parameters were invalid.
    case invalidParameters(JobParametersInvalid)

    public var description: String {
        switch self {
        case .alreadyComplete(let i, let e): "job instance \(i) is already complete (execution \(e)); use new identifying parameters or --next"
        case .alreadyRunning(let e): "job instance already has a running execution (\(e))"
        case .notRestartable(let i): "job instance \(i) already ran and the job is not restartable"
        case .abandoned(let e): "job instance's last execution \(e) was abandoned and cannot be restarted"
        case .notLatest(let e, let latest): "execution \(e) is not its instance's latest execution (\(latest))"
        case .notRestartableStatus(let e, let s): "execution \(e) is \(s); only FAILED or STOPPED executions can be restarted"
        case .startLimitReached(let step, let limit): "step '\(step)' has reached its start limit (\(limit))"
        case .noSuchExecution(let id): "no job execution with id \(id)"
        case .noSuchJob(let name): "no job named '\(name)' is registered"
        case .invalidParameters(let e): e.description
        }
    }
}

/// The launch rules every repository applies atomically in ``JobRepository/createJobExecution(_:)``,
/// kept in one place so that every implementation refuses exactly the same launches.
public enum LaunchRules {
    /// Checks a launch against the instance's latest execution (nil for a new instance).
    /// Returns normally when a new execution may be created.
    public static func check(_ request: LaunchRequest, instanceId: Int?, latest: JobExecution?) throws(LaunchRefused) {
        if let restartOf = request.restartOf {
            guard let latest else { throw .noSuchExecution(id: restartOf) }
            guard latest.id == restartOf else { throw .notLatest(executionId: restartOf, latest: latest.id) }
        }
        guard let latest, let instanceId else { return }
        switch latest.status {
        case .starting, .started, .stopping: throw .alreadyRunning(executionId: latest.id)
        case .completed: throw .alreadyComplete(instanceId: instanceId, executionId: latest.id)
        case .abandoned: throw .abandoned(executionId: latest.id)
        case .unknown: throw .notRestartableStatus(executionId: latest.id, status: latest.status)
        case .failed, .stopped:
            guard request.restartable else { throw .notRestartable(instanceId: instanceId) }
        }
    }
}
