import Sluice
import SluiceParquet

/// Maps a Parquet cell to the ``Sluice/RecordValue`` the reader puts in its records: INT32 and
/// INT64 to `int`, FLOAT and DOUBLE to `double`, STRING to `string`, binaries to `bytes`, DECIMAL
/// to an exact `decimal`, DATE to `date`, TIMESTAMP to `timestamp`, BOOLEAN to `bool`, and a list
/// to its JSON array text (a `string`).
enum RecordValueDecoding {
    /// The record value of `value`, or a message saying why it has none (a date outside the years
    /// 1...9999, a decimal of more than 38 digits).
    static func recordValue(_ value: ParquetValue) -> Result<RecordValue, ValueProblem> {
        switch value {
        case .null: return .success(.null)
        case .bool(let v): return .success(.bool(v))
        case .int32(let v): return .success(.int(Int(v)))
        case .int64(let v): return .success(.int(Int(v)))
        case .float(let v): return .success(.double(Double(v)))
        case .double(let v): return .success(.double(v))
        case .bytes(let v): return .success(.bytes(v))
        case .string(let v): return .success(.string(v))
        case .decimal(let v):
            guard let decimal = ExactDecimal.decimal(v) else {
                return .failure(ValueProblem("decimal \(v) has more than \(ExactDecimal.maximumDigits) digits"))
            }
            return .success(.decimal(decimal))
        case .date(let days):
            guard let date = CalendarDate(daysSince1970: Int(days)) else {
                return .failure(ValueProblem("date \(days) days after 1970-01-01 is outside the years 1...9999"))
            }
            return .success(.date(date))
        case .timestamp(let ticks, let unit): return .success(.timestamp(TimestampTicks.instant(ticks, unit: unit)))
        case .list(let elements): return listText(elements).map { .string($0) }
        }
    }

    /// A list as JSON array text (records have no array values): numbers and booleans bare,
    /// everything else as JSON strings of the value's text, null as `null`.
    static func listText(_ elements: [ParquetValue]) -> Result<String, ValueProblem> {
        var parts: [String] = []
        parts.reserveCapacity(elements.count)
        for element in elements {
            switch recordValue(element) {
            case .failure(let problem): return .failure(ValueProblem("list element: \(problem.message)"))
            case .success(let value):
                switch value {
                case .null: parts.append("null")
                case .bool(let b): parts.append(b ? "true" : "false")
                case .int(let i): parts.append(String(i))
                case .double(let d) where d.isFinite: parts.append(String(d))
                case .decimal(let d): parts.append(d.description)
                default: parts.append(JSONText.quoted(value.description))
                }
            }
        }
        return .success("[" + parts.joined(separator: ",") + "]")
    }
}

/// Why a value cannot be converted; the caller adds the file, column or field.
struct ValueProblem: Error, Sendable {
    /// What is wrong with the value.
    var message: String
    init(_ message: String) { self.message = message }
}
