import Foundation
import Sluice

/// Encodes rows in PostgreSQL's COPY text format into a byte array: tab between values, newline
/// after each row, `\N` for NULL, and backslash, tab, newline and carriage return escaped.
///
/// Bytes go straight into a `[UInt8]` (numbers through a small stack buffer, text by its UTF-8
/// view), which keeps the per-value cost low: encoding is most of the client's share of a bulk load.
struct CopyTextEncoder {
    /// The encoded bytes.
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends one row.
    mutating func append(row: [RecordValue]) {
        for (i, value) in row.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: "\t")) }
            append(value)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func append(_ value: RecordValue) {
        switch value {
        case .null: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
        case .int(let i): append(integer: i)
        case .double(let d):
            if d.isFinite { append(text: d.description) } else { append(text: d.isNaN ? "NaN" : d < 0 ? "-Infinity" : "Infinity") }
        case .bool(let b): bytes.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .string(let s): append(escaped: s)
        case .date(let d): append(date: d)
        case .timestamp(let t): append(timestamp: t)
        case .bytes(let data):
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
            let hex = Array("0123456789abcdef".utf8)
            for b in data {
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 0x0F)])
            }
        default: append(escaped: value.description)
        }
    }

    /// Text that needs no escaping (numbers, dates).
    private mutating func append(text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Text with COPY's escapes; text that needs none (the common case) is copied in one go.
    mutating func append(escaped text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard utf8.contains(where: Self.needsEscape) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [92, UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [92, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): bytes.append(contentsOf: [92, UInt8(ascii: "r")])
                default: bytes.append(byte)
                }
            }
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// An integer in decimal, through a stack buffer.
    mutating func append(integer value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`: microseconds, as binary COPY keeps them (years outside
    /// 1...9999 in the core's ISO form).
    mutating func append(timestamp: Date) {
        let micros = (timestamp.timeIntervalSince1970 * 1_000_000).rounded()
        guard micros.isFinite, abs(micros) < 4e17 else { return append(escaped: Timestamps.format(timestamp)) }
        let (days, microOfDay) = Int(micros).quotientAndRemainder(dividingBy: 86_400_000_000)
        let (day, micro) = microOfDay < 0 ? (days - 1, microOfDay + 86_400_000_000) : (days, microOfDay)
        guard let date = CalendarDate(daysSince1970: day) else { return append(escaped: Timestamps.format(timestamp)) }
        append(date: date)
        let seconds = micro / 1_000_000
        let zero = UInt8(ascii: "0")
        bytes.append(contentsOf: [
            UInt8(ascii: " "), zero + UInt8(seconds / 36_000), zero + UInt8(seconds / 3600 % 10), UInt8(ascii: ":"),
            zero + UInt8(seconds / 600 % 6), zero + UInt8(seconds / 60 % 10), UInt8(ascii: ":"),
            zero + UInt8(seconds % 60 / 10), zero + UInt8(seconds % 10), UInt8(ascii: "."),
        ])
        let fraction = micro % 1_000_000
        var divisor = 100_000
        while divisor > 0 {
            bytes.append(zero + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
        bytes.append(contentsOf: [UInt8(ascii: "+"), zero, zero])
    }

    /// `YYYY-MM-DD` (a ``Sluice/CalendarDate`` always has a four-digit year).
    mutating func append(date: CalendarDate) {
        let y = date.year, m = date.month, d = date.day
        let zero = UInt8(ascii: "0")
        bytes.append(contentsOf: [
            zero + UInt8(y / 1000), zero + UInt8(y / 100 % 10), zero + UInt8(y / 10 % 10), zero + UInt8(y % 10), UInt8(ascii: "-"),
            zero + UInt8(m / 10), zero + UInt8(m % 10), UInt8(ascii: "-"), zero + UInt8(d / 10), zero + UInt8(d % 10),
        ])
    }
}
