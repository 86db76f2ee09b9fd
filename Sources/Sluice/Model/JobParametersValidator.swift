/// Checks a job's parameters before an execution is created; a thrown error refuses the launch.
public protocol JobParametersValidator: Sendable {
    /// Throws when the parameters are not acceptable.
    func validate(_ parameters: JobParameters) throws(JobParametersInvalid)
}

/// Built-in parameter validators.
public enum JobParametersValidators {
    /// Requires that each named parameter is present.
    public static func required(_ names: String...) -> some JobParametersValidator {
        ClosureValidator { parameters throws(JobParametersInvalid) in
            for name in names where parameters[name] == nil {
                throw JobParametersInvalid(name: name, reason: "is required")
            }
        }
    }

    /// Requires that each named parameter, when present, has the given type.
    public static func types(_ types: [String: JobParameterType]) -> some JobParametersValidator {
        ClosureValidator { parameters throws(JobParametersInvalid) in
            for (name, type) in types.sorted(by: { $0.key < $1.key }) {
                if let p = parameters[name], p.value.type != type {
                    throw JobParametersInvalid(name: name, reason: "must be a \(type.rawValue), not a \(p.value.type.rawValue)")
                }
            }
        }
    }

    /// Checks presence and types against declarations.
    public static func declared(_ declarations: [String: JobParameterDeclaration]) -> some JobParametersValidator {
        ClosureValidator { parameters throws(JobParametersInvalid) in
            for (name, d) in declarations.sorted(by: { $0.key < $1.key }) {
                guard let p = parameters[name] else {
                    if d.required { throw JobParametersInvalid(name: name, reason: "is required") }
                    continue
                }
                if p.value.type != d.type && !p.secret {
                    throw JobParametersInvalid(name: name, reason: "must be a \(d.type.rawValue), not a \(p.value.type.rawValue)")
                }
            }
        }
    }

    /// A validator from a closure, for custom rules.
    public static func custom(
        _ check: @escaping @Sendable (JobParameters) throws(JobParametersInvalid) -> Void
    ) -> some JobParametersValidator {
        ClosureValidator(check: check)
    }

    /// Runs several validators in order.
    public static func all(_ validators: [any JobParametersValidator]) -> some JobParametersValidator {
        ClosureValidator { parameters throws(JobParametersInvalid) in
            for v in validators { try v.validate(parameters) }
        }
    }
}

struct ClosureValidator: JobParametersValidator {
    let check: @Sendable (JobParameters) throws(JobParametersInvalid) -> Void
    func validate(_ parameters: JobParameters) throws(JobParametersInvalid) { try check(parameters) }
}
