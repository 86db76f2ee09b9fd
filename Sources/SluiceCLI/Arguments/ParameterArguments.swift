import Sluice

/// The `NAME=VALUE` arguments of `run` and `restart`, as texts by name, before typing.
enum ParameterArguments {
    /// Splits each argument at its first `=`. Errors name the argument but never show a value
    /// (it may be a secret).
    static func parse(_ arguments: [String]) throws(CommandFailure) -> [String: String] {
        var texts: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                let shown = argument.contains("=") ? "an argument with an empty name" : "'\(argument)'"
                throw .usage("expected a job parameter as NAME=VALUE, got \(shown)")
            }
            let name = String(argument[..<equals])
            guard !name.hasPrefix(ReservedParameters.prefix) else {
                throw .usage("job parameter names starting with '\(ReservedParameters.prefix)' are reserved by the tool ('\(name)')")
            }
            guard texts[name] == nil else { throw .usage("job parameter '\(name)' is given more than once") }
            texts[name] = String(argument[argument.index(after: equals)...])
        }
        return texts
    }

    /// Types the texts with the job's declarations (undeclared names are identifying strings;
    /// defaults fill in, required ones are checked). A bad value is a usage failure.
    static func typed(_ texts: [String: String], declarations: [String: JobParameterDeclaration]) throws(CommandFailure) -> JobParameters {
        do {
            return try JobParameters.parse(texts, declarations: declarations)
        } catch {
            throw .usage(error.description)
        }
    }
}
