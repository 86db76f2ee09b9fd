import Sluice

/// Job parameters as the tool shows them: sorted by name, secrets as `******`, and the tool's
/// own reserved parameters (names starting with `sluice.`) left out.
struct DisplayedParameters: Sendable {
    /// The shown parameters, in name order, with their shown values.
    let entries: [(name: String, parameter: JobParameter)]

    init(_ parameters: JobParameters) {
        entries = parameters.names
            .filter { !$0.hasPrefix(ReservedParameters.prefix) }
            .map { name in (name, Self.shown(parameters[name]!, name: name)) }
    }

    /// The parameter with its value masked when it is a secret (declared secret, or its name looks like one).
    static func shown(_ parameter: JobParameter, name: String) -> JobParameter {
        guard parameter.secret || JobParameter.looksSecret(name) else { return parameter }
        return JobParameter(.string(JobParameter.mask), identifying: false, secret: true)
    }

    /// `name=value` pairs separated by spaces.
    var text: String { entries.map { "\($0.name)=\($0.parameter.value)" }.joined(separator: " ") }

    /// A JSON object of typed values.
    var json: JSONValue {
        .object(entries.map { ($0.name, Self.json($0.parameter.value)) })
    }

    private static func json(_ value: JobParameter.Value) -> JSONValue {
        switch value {
        case .string(let s): .string(s)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .bool(let b): .bool(b)
        case .date, .timestamp: .string(value.description)
        }
    }
}
