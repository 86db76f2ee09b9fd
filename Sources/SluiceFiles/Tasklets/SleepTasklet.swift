import Sluice

/// The `sleep` tasklet: waits for `duration` (to pace a job, or wait for an external system),
/// waking up promptly when the job is stopped.
///
/// A stop request (the step's ``Sluice/StopSignal``) ends the wait and the step STOPPED; a
/// restart sleeps the whole duration again. Task cancellation ends it with a
/// `CancellationError` (the step FAILED).
public struct SleepTasklet: Tasklet {
    /// The tasklet's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// How long to sleep: `250ms`, `30s`, `5m`, `1h30m`, or a number of seconds.
        public var duration: DurationText

        /// Settings for a sleep of `duration`.
        public init(duration: DurationText) { self.duration = duration }
    }

    /// How long the tasklet sleeps.
    public let duration: Duration
    /// The signal that ends the sleep early; nil to honour only task cancellation.
    public let stopSignal: StopSignal?

    /// A tasklet sleeping `duration`, interrupted by `stopSignal` (pass the step's,
    /// ``Sluice/StepScope/stopSignal``) or task cancellation.
    public init(duration: Duration, stopSignal: StopSignal? = nil) {
        self.duration = duration
        self.stopSignal = stopSignal
    }

    /// A tasklet from job-file settings.
    public init(properties: Properties, baseDirectory: String, stopSignal: StopSignal? = nil) {
        self.init(duration: properties.duration.duration, stopSignal: stopSignal)
    }

    /// Sleeps; returns `.continuable` when stopped, so the step ends STOPPED at the boundary.
    public func execute(_ context: inout TaskletContext) async throws -> RepeatStatus {
        switch await StopPolling.sleep(for: duration, stopSignal: stopSignal) {
        case .elapsed: return .finished
        case .stopped: return .continuable
        case .cancelled: throw CancellationError()
        }
    }
}
