import Dispatch
import Sluice

/// Waits that end early when the job is stopped: tasklets that run long (a sleep, a child
/// process) use it to notice a stop request (the step's ``Sluice/StopSignal``) or task
/// cancellation within ``interval``.
enum StopPolling {
    /// How often the stop signal is checked.
    static let interval: Duration = .milliseconds(50)

    /// Why a wait ended.
    enum Outcome: Sendable, Hashable {
        /// The full duration passed.
        case elapsed
        /// The step's stop signal was raised.
        case stopped
        /// The task was cancelled.
        case cancelled
    }

    /// Sleeps for `duration`, or until a stop or a cancellation.
    static func sleep(for duration: Duration, stopSignal: StopSignal?) async -> Outcome {
        let deadline = ContinuousClock.now + duration
        while true {
            if let interruption = interruption(stopSignal) { return interruption }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return .elapsed }
            try? await Task.sleep(for: min(remaining, interval))
        }
    }

    /// Waits `interval` even when the task is cancelled (for loops that must keep going after a
    /// cancellation, such as escalating a child's termination).
    static func pause(_ interval: Duration) async {
        let nanoseconds = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { continuation.resume() }
        }
    }

    /// `.cancelled` or `.stopped` when the wait should end now, else nil.
    static func interruption(_ stopSignal: StopSignal?) -> Outcome? {
        if Task.isCancelled { return .cancelled }
        if stopSignal?.isRequested == true { return .stopped }
        return nil
    }
}
