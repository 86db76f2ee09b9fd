import Foundation
import Sluice

/// Where ``FieldConversion`` puts a converted field: a column of a ``Sluice/RecordBatch`` (the
/// columnar read), or a single ``Sluice/RecordValue`` (``FieldValueSlot``, the record read).
/// Both take the same calls, so the two reads convert by the same rules.
protocol FieldValueSink {
    /// A null.
    mutating func appendNull()
    /// Text, valid UTF-8.
    mutating func append(utf8 text: UnsafeBufferPointer<UInt8>)
    /// An integer.
    mutating func append(_ value: Int)
    /// A double.
    mutating func append(_ value: Double)
    /// The decimal `significand` × 10^-`scale`.
    mutating func append(decimal significand: Int64, scale: UInt8)
    /// A boolean.
    mutating func append(_ value: Bool)
    /// A day.
    mutating func append(_ value: CalendarDate)
    /// Any other value (a wide decimal, a timestamp).
    mutating func append(value: RecordValue)
}

extension RecordColumn: FieldValueSink {}

/// One converted value, for readers that build records.
struct FieldValueSlot: FieldValueSink {
    /// The value converted last.
    var value = RecordValue.null

    mutating func appendNull() { value = .null }
    mutating func append(utf8 text: UnsafeBufferPointer<UInt8>) { value = .string(String(decoding: text, as: UTF8.self)) }
    mutating func append(_ value: Int) { self.value = .int(value) }
    mutating func append(_ value: Double) { self.value = .double(value) }
    mutating func append(decimal significand: Int64, scale: UInt8) {
        value = .decimal(significand: significand, scale: scale)
    }
    mutating func append(_ value: Bool) { self.value = .bool(value) }
    mutating func append(_ value: CalendarDate) { self.value = .date(value) }
    mutating func append(value: RecordValue) { self.value = value }
}
