/// What a job declares about one of its parameters: type, whether required, default, identity
/// and secrecy. Declarations turn `NAME=VALUE` text into typed ``JobParameters`` and validate them.
public struct JobParameterDeclaration: Sendable, Hashable {
    /// The value type.
    public var type: JobParameterType
    /// Whether a launch without this parameter is refused.
    public var required: Bool
    /// The value used when the parameter is not given.
    public var defaultValue: JobParameter.Value?
    /// Whether the parameter identifies the job instance.
    public var identifying: Bool
    /// Whether the value is masked in repositories and output.
    public var secret: Bool

    /// Creates a declaration.
    public init(
        _ type: JobParameterType = .string, required: Bool = false, default defaultValue: JobParameter.Value? = nil,
        identifying: Bool = true, secret: Bool = false
    ) {
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.identifying = identifying
        self.secret = secret
    }
}

/// An invalid job parameter, naming the parameter.
public struct JobParametersInvalid: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter at fault.
    public var name: String
    /// What is wrong with it.
    public var reason: String

    /// Creates the error.
    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "job parameter '\(name)': \(reason)" }
}

extension JobParameters {
    /// Builds typed parameters from `NAME=VALUE` texts. Declared names get their type, default,
    /// identity and secrecy; undeclared names are identifying strings (secret when the name looks
    /// like one, see ``JobParameter/looksSecret(_:)``). Errors never repeat a secret value.
    public static func parse(
        _ texts: [String: String], declarations: [String: JobParameterDeclaration] = [:]
    ) throws(JobParametersInvalid) -> JobParameters {
        var result = JobParameters()
        for (name, text) in texts {
            guard let declaration = declarations[name] else {
                result[name] = JobParameter(.string(text), secret: JobParameter.looksSecret(name))
                continue
            }
            let secret = declaration.secret || JobParameter.looksSecret(name)
            guard let value = declaration.type.parse(text) else {
                let shown = secret ? JobParameter.mask : "'\(text)'"
                throw JobParametersInvalid(name: name, reason: "\(shown) is not a valid \(declaration.type.rawValue)")
            }
            result[name] = JobParameter(value, identifying: declaration.identifying, secret: secret)
        }
        for (name, declaration) in declarations where result[name] == nil {
            if let value = declaration.defaultValue {
                result[name] = JobParameter(value, identifying: declaration.identifying,
                    secret: declaration.secret || JobParameter.looksSecret(name))
            }
        }
        try JobParametersValidators.declared(declarations).validate(result)
        return result
    }
}
