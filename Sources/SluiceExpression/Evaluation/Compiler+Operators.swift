import Sluice

extension Compiler {
    /// `-x`.
    static func negate(_ operand: CompiledNode) -> CompiledNode {
        CompiledNode { context throws(EvaluationFailure) in
            let value = try operand.evaluate(context)
            do throws(OperationFailure) {
                return try Arithmetic.negate(value)
            } catch {
                throw EvaluationFailure("cannot negate \(operand.describe(value))" + (error == .overflow ? ": out of range" : ""))
            }
        }
    }

    /// `not x`; null counts as false.
    static func not(_ operand: CompiledNode) -> CompiledNode {
        CompiledNode { context throws(EvaluationFailure) in
            .bool(!(try truth(of: operand, context, for: "'not'")))
        }
    }

    /// `and` / `or`, short-circuiting; null counts as false.
    static func logical(_ op: LogicalOperator, _ lhs: CompiledNode, _ rhs: CompiledNode) -> CompiledNode {
        let name = "'\(op.rawValue)'"
        switch op {
        case .and:
            return CompiledNode { context throws(EvaluationFailure) in
                guard try truth(of: lhs, context, for: name) else { return .bool(false) }
                return .bool(try truth(of: rhs, context, for: name))
            }
        case .or:
            return CompiledNode { context throws(EvaluationFailure) in
                if try truth(of: lhs, context, for: name) { return .bool(true) }
                return .bool(try truth(of: rhs, context, for: name))
            }
        }
    }

    /// A bool operand's value (null is false); anything else fails naming `user`.
    static func truth(of node: CompiledNode, _ context: EvaluationContext, for user: String) throws(EvaluationFailure) -> Bool {
        switch try node.evaluate(context) {
        case .bool(let b): return b
        case .null: return false
        case let other: throw EvaluationFailure("\(user) expects a bool, got \(node.describe(other))")
        }
    }

    /// An arithmetic operator or comparison; `x == null` and `x != null` test for null.
    static func binary(_ op: BinaryOperator, _ lhs: CompiledNode, _ rhs: CompiledNode) -> CompiledNode {
        if op == .equal || op == .notEqual, let tested = nullTest(lhs, rhs) {
            let wantNull = op == .equal
            return CompiledNode { context throws(EvaluationFailure) in .bool(try tested.evaluate(context).isNull == wantNull) }
        }
        if let constant = rhs.constant {
            return CompiledNode { context throws(EvaluationFailure) in
                let l = try lhs.evaluate(context)
                do throws(OperationFailure) { return try op.apply(l, constant) } catch { throw failure(op, error, lhs, l, rhs, constant) }
            }
        }
        return CompiledNode { context throws(EvaluationFailure) in
            let l = try lhs.evaluate(context)
            let r = try rhs.evaluate(context)
            do throws(OperationFailure) { return try op.apply(l, r) } catch { throw failure(op, error, lhs, l, rhs, r) }
        }
    }

    /// The operand compared with a literal `null`, if one side is that literal.
    private static func nullTest(_ lhs: CompiledNode, _ rhs: CompiledNode) -> CompiledNode? {
        if rhs.constant == .null { return lhs }
        if lhs.constant == .null { return rhs }
        return nil
    }

    /// The message for an operator failure: the side at fault is shown with its value and field.
    static func failure(
        _ op: BinaryOperator, _ failure: OperationFailure,
        _ lhs: CompiledNode, _ l: RecordValue, _ rhs: CompiledNode, _ r: RecordValue
    ) -> EvaluationFailure {
        let left = lhs.describe(l)
        let right = rhs.describe(r)
        switch failure {
        case .notNumeric(.left), .notTemporal(.left), .notBoolean(.left):
            return EvaluationFailure(op.failureText(left, r.typeName))
        case .notNumeric(.right), .notTemporal(.right), .notBoolean(.right):
            return EvaluationFailure(op.failureText(l.typeName, right))
        case .incompatible:
            return EvaluationFailure(op.failureText(left, right))
        case .notOrderable:
            return EvaluationFailure(op.failureText(left, right) + ": \(l.typeName) values can only be tested with == and !=")
        case .divisionByZero:
            return EvaluationFailure(op.failureText(left, right) + ": division by zero")
        case .overflow:
            return EvaluationFailure(op.failureText(left, right) + ": the result is out of range")
        }
    }

    /// `x in [a, b]`: equal to any element (a literal `null` element matches null); a null `x`
    /// matches nothing else. Negated for `not in`.
    static func membership(_ lhs: CompiledNode, _ elements: [CompiledNode], negated: Bool) -> CompiledNode {
        CompiledNode { context throws(EvaluationFailure) in
            let value = try lhs.evaluate(context)
            for element in elements {
                if try contains(value, lhs, element, context) { return .bool(!negated) }
            }
            return .bool(negated)
        }
    }

    private static func contains(
        _ value: RecordValue, _ lhs: CompiledNode, _ element: CompiledNode, _ context: EvaluationContext
    ) throws(EvaluationFailure) -> Bool {
        if element.constant == .null { return value.isNull }
        let candidate = try element.evaluate(context)
        if value.isNull || candidate.isNull { return false }
        do throws(OperationFailure) {
            return try ValueOrder.equal(value, candidate)
        } catch {
            throw failure(.equal, error, lhs, value, element, candidate)
        }
    }
}
