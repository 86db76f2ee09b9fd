/// How long to wait before retrying.
public enum Backoff: Sendable, Hashable {
    /// Retry at once.
    case none
    /// Wait the same time before every retry.
    case fixed(Duration)
    /// Wait `initial`, then `initial × multiplier`, ... capped at `max`; with `jitter`, each wait
    /// is drawn uniformly from [0, wait] ("full jitter") so that many workers do not retry in step.
    case exponential(initial: Duration, multiplier: Double = 2, max: Duration = .seconds(30), jitter: Bool = false)

    /// The wait before retry number `attempt` (1 for the first retry).
    public func delay(forAttempt attempt: Int) -> Duration {
        switch self {
        case .none: return .zero
        case .fixed(let d): return max(.zero, d)
        case .exponential(let initial, let multiplier, let cap, let jitter):
            let factor = Foundation.pow(max(1, multiplier), Double(max(0, attempt - 1)))
            let base = max(0, initial.seconds) * factor
            let seconds = base.isFinite ? min(base, max(0, cap.seconds)) : max(0, cap.seconds)
            let chosen = jitter ? Double.random(in: 0...seconds) : seconds
            return .nanoseconds(Int64((chosen * 1e9).rounded()))
        }
    }
}

import Foundation

extension Duration {
    /// The duration in seconds as a double.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
