import Foundation

/// Derives the parameters of the next job instance from the last one, so that `--next` (or
/// ``JobOperator/startNextInstance(_:parameters:)``) always starts a fresh instance.
public protocol JobParametersIncrementer: Sendable {
    /// The parameters for the next instance, given the last instance's parameters (nil when the
    /// job has never run).
    func next(after previous: JobParameters?) -> JobParameters
}

/// `run-id`: an identifying integer parameter `run.id`, one more than the last instance's.
public struct RunIdIncrementer: JobParametersIncrementer {
    /// The parameter name.
    public var key: String

    /// Creates the incrementer, by default for `run.id`.
    public init(key: String = "run.id") { self.key = key }

    public func next(after previous: JobParameters?) -> JobParameters {
        var next = previous ?? JobParameters()
        let last = previous?.int(key) ?? previous?.string(key).flatMap { Int($0) } ?? 0
        next[key] = JobParameter(.int(last + 1))
        return next
    }
}

/// `timestamp`: an identifying timestamp parameter `run.timestamp` set to now (and always later
/// than the last instance's, so two launches in the same millisecond still differ).
public struct TimestampIncrementer: JobParametersIncrementer {
    /// The parameter name.
    public var key: String

    /// Creates the incrementer, by default for `run.timestamp`.
    public init(key: String = "run.timestamp") { self.key = key }

    public func next(after previous: JobParameters?) -> JobParameters {
        var next = previous ?? JobParameters()
        // Whole milliseconds, the precision repositories store, strictly after the last one.
        var millis = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        if case .timestamp(let last)? = previous?[key]?.value {
            millis = max(millis, Int64((last.timeIntervalSince1970 * 1000).rounded()) + 1)
        }
        next[key] = JobParameter(.timestamp(Date(timeIntervalSince1970: Double(millis) / 1000)))
        return next
    }
}
