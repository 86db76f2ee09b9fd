import Foundation
import Sluice

/// Encodes a ``Sluice/Record`` as one compact JSON object, keys in field order, straight into
/// a byte buffer (the NDJSON and JSON-array formats share it).
///
/// Values: null → `null`; bools; ints as integers; doubles in shortest round-trip form (a
/// non-finite double is a `validation` error naming the field, as JSON has no NaN or
/// infinity); decimals as JSON numbers with their exact digits; strings escaped (below); dates
/// and timestamps as strings (`"2026-11-30"`, `"2026-11-30T08:15:00.250Z"`); bytes as base64
/// strings.
///
/// Strings are escaped by ``Sluice/JSONText`` (U+2028 and U+2029, valid in JSON and only special
/// to old JavaScript parsers, are written as UTF-8).
///
/// The quoted keys of the last field list are cached, so records of one shape (the usual case)
/// encode their keys by copying bytes.
struct JSONObjectEncoder: Sendable {
    /// Names the writer in error messages.
    let label: String
    private var cachedNames: [String] = []
    private var cachedKeys: [[UInt8]] = []

    /// An encoder whose errors start with `label`.
    init(label: String) { self.label = label }

    /// Appends `record` as a JSON object; `item` (1-based) is named in errors.
    mutating func encode(_ record: Record, item: Int, into buffer: inout [UInt8]) throws {
        if record.names != cachedNames { cacheKeys(record.names) }
        buffer.append(UInt8(ascii: "{"))
        let values = record.values
        for i in values.indices {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: cachedKeys[i])
            try appendValue(values[i], field: i, of: record, item: item, to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    private mutating func cacheKeys(_ names: [String]) {
        cachedNames = names
        cachedKeys = names.map { name in
            var key: [UInt8] = []
            JSONText.appendQuoted(name, to: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    private func appendValue(_ value: RecordValue, field: Int, of record: Record, item: Int, to buffer: inout [UInt8]) throws {
        switch value {
        case .null: RecordBytes.appendText("null", to: &buffer)
        case .bool(let b): RecordBytes.appendText(b ? "true" : "false", to: &buffer)
        case .int(let i): RecordBytes.appendInt(i, to: &buffer)
        case .double(let d):
            guard d.isFinite else { throw notANumber("\(d)", field: field, of: record, item: item) }
            RecordBytes.appendDouble(d, to: &buffer)
        case .decimal(let d):
            guard !d.isNaN else { throw notANumber("NaN", field: field, of: record, item: item) }
            RecordBytes.appendDecimal(d, to: &buffer)
        case .string(let s): JSONText.appendQuoted(s, to: &buffer)
        case .date(let d): quoted(&buffer) { RecordBytes.appendDate(d, to: &$0) }
        case .timestamp(let t): quoted(&buffer) { RecordBytes.appendTimestamp(t, to: &$0) }
        case .bytes(let b): quoted(&buffer) { RecordBytes.appendBase64(b, to: &$0) }
        }
    }

    @inline(__always)
    private func quoted(_ buffer: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        buffer.append(UInt8(ascii: "\""))
        body(&buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    private func notANumber(_ text: String, field: Int, of record: Record, item: Int) -> BatchError {
        BatchError(.validation, "\(label): item \(item), field '\(record.names[field])': \(text) is not a JSON number "
            + "(JSON has no NaN or infinity); filter or convert it in a processor")
    }

}
