import Foundation
import Sluice

/// Reads numbers from text, for literals and for numeric strings (untyped CSV fields).
///
/// Digits only → `int`; with a fraction → `decimal` (exact); with an exponent → `double`.
/// The whole text must be a number: `12abc` is not one (unlike `Decimal(string:)`).
enum NumericText {
    /// The number `text` spells, allowing a leading sign and surrounding spaces; nil otherwise.
    static func parse(_ text: some StringProtocol) -> RecordValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let shape = shape(of: trimmed.utf8) else { return nil }
        switch shape {
        case .integer: return Int(trimmed).map { .int($0) } ?? Decimal(string: trimmed).map { .decimal($0) }
        case .fraction: return Decimal(string: trimmed).map { .decimal($0) }
        case .exponent: return Double(trimmed).flatMap { $0.isFinite ? .double($0) : nil }
        }
    }

    /// The kind of number a well-formed numeric text is.
    enum Shape { case integer, fraction, exponent }

    /// Checks `[+-]digits[.digits][(e|E)[+-]digits]`.
    static func shape(of bytes: some Collection<UInt8>) -> Shape? {
        var index = bytes.startIndex
        func skipDigits() -> Int {
            var count = 0
            while index != bytes.endIndex, isDigit(bytes[index]) {
                count += 1
                index = bytes.index(after: index)
            }
            return count
        }
        func skipSign() {
            if index != bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index = bytes.index(after: index)
            }
        }
        skipSign()
        guard skipDigits() > 0 else { return nil }
        var shape = Shape.integer
        if index != bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            guard skipDigits() > 0 else { return nil }
            shape = .fraction
        }
        if index != bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            skipSign()
            guard skipDigits() > 0 else { return nil }
            shape = .exponent
        }
        return index == bytes.endIndex ? shape : nil
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
