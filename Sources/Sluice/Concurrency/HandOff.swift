import Synchronization

/// A value handed from one task to another so that the receiver holds the last reference (and
/// pays for freeing it).
final class HandOff<Value: Sendable>: Sendable {
    private let value: Mutex<Value?>

    init(_ value: consuming sending Value) { self.value = Mutex(value) }

    /// The value, leaving the hand-off empty.
    func take() -> Value? { value.withLock { $0.take() } }
}
