import Sluice

extension ValidateProcessor {
    func checkRequired(_ record: Record, _ problems: inout [String]) {
        for field in required {
            switch record[field] {
            case nil: problems.append("field '\(field)' is required but missing")
            case .null?: problems.append("field '\(field)' is required but null")
            case .string("")?: problems.append("field '\(field)' is required but empty")
            default: break
            }
        }
    }

    func convertTypes(_ record: inout Record, _ problems: inout [String]) {
        for (field, type) in types {
            guard let value = record[field] else { continue }
            if let converted = type.converting(value) {
                record[field] = Optional(converted)
            } else {
                problems.append("field '\(field)': expected \(type.rawValue), got \(value.typedText)")
            }
        }
    }

    func checkRanges(_ record: Record, _ problems: inout [String]) {
        for (field, range) in ranges {
            guard let value = record[field], !value.isNull else { continue }
            if let problem = rangeProblem(value, range) {
                problems.append("field '\(field)': \(value.typedText) \(problem)")
            }
        }
    }

    private func rangeProblem(_ value: RecordValue, _ range: ValueRange) -> String? {
        do throws(OperationFailure) {
            if let min = range.min, try ValueOrder.compare(value, .decimal(min)) < 0 { return "is below the minimum \(min)" }
            if let max = range.max, try ValueOrder.compare(value, .decimal(max)) > 0 { return "is above the maximum \(max)" }
            return nil
        } catch {
            return "is not a number (range \(range.text))"
        }
    }

    func checkPatterns(_ record: Record, _ problems: inout [String]) {
        for (field, pattern) in patterns {
            guard let value = record[field], !value.isNull else { continue }
            if !pattern.matches(value.description) {
                problems.append("field '\(field)': \(value.typedText) does not match pattern \(pattern.source)")
            }
        }
    }

    func checkRules(_ record: Record, _ problems: inout [String]) {
        for rule in rules {
            do throws(BatchError) {
                if try rule.condition.isTrue(record, in: scope) { continue }
                let message = rule.message.map { ": \($0)" } ?? ""
                problems.append("rule \"\(rule.condition.source)\" failed\(message)\(fieldValues(rule.condition, record))")
            } catch {
                problems.append("rule \"\(rule.condition.source)\" could not be checked: \(error.message)")
            }
        }
    }

    /// ` (qty: int -1, price: null)`: the item fields a rule names, for its failure message.
    private func fieldValues(_ condition: Expression, _ record: Record) -> String {
        let shown = condition.referencedNames.compactMap { name in record[name].map { "\(name): \($0.typedText)" } }
        return shown.isEmpty ? "" : " (" + shown.joined(separator: ", ") + ")"
    }
}
