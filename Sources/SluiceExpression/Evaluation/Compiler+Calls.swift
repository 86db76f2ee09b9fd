import Sluice

extension Compiler {
    /// A built-in function call; `coalesce` evaluates its arguments only until one is not null.
    static func call(_ function: BuiltinFunction, _ arguments: [CompiledNode]) -> CompiledNode {
        if function == .coalesce {
            return CompiledNode { context throws(EvaluationFailure) in
                for argument in arguments {
                    let value = try argument.evaluate(context)
                    if !value.isNull { return value }
                }
                return .null
            }
        }
        let first = arguments[0]
        let second = arguments.count > 1 ? arguments[1] : nil
        let third = arguments.count > 2 ? arguments[2] : nil
        return CompiledNode { context throws(EvaluationFailure) in
            let a = try first.evaluate(context)
            let b = try second?.evaluate(context)
            let c = try third?.evaluate(context)
            do throws(FunctionFailure) {
                return try function.apply(a, b, c)
            } catch {
                let values = [a, b, c].compactMap { $0 }
                throw failure(function, error, arguments, values)
            }
        }
    }

    /// The message for a rejected argument, showing its value and field.
    private static func failure(
        _ function: BuiltinFunction, _ failure: FunctionFailure, _ arguments: [CompiledNode], _ values: [RecordValue]
    ) -> EvaluationFailure {
        let name = function.rawValue
        func shown(_ index: Int) -> String { arguments[index].describe(values[index]) }
        switch failure {
        case .wrongType(let index, let expected):
            return EvaluationFailure("\(name)() expects \(expected) as argument \(index + 1), got \(shown(index))")
        case .notConvertible(let index, let target):
            return EvaluationFailure("\(name)(): cannot convert \(shown(index)) to \(target)")
        case .outOfRange(let index, let rule):
            return EvaluationFailure("\(name)(): argument \(index + 1) \(rule), got \(shown(index))")
        case .overflow:
            return EvaluationFailure("\(name)(): the result for \(shown(0)) is out of range")
        }
    }
}
