/// The typed parameters of a job execution. The identifying ones, with the job name, define the
/// ``JobInstance``: running the same job with the same identifying parameters is a restart.
public struct JobParameters: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The parameters by name.
    public private(set) var values: [String: JobParameter]

    /// No parameters.
    public init() { values = [:] }

    /// Parameters from a dictionary.
    public init(_ values: [String: JobParameter]) { self.values = values }

    public init(dictionaryLiteral elements: (String, JobParameter)...) {
        values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// Reads or writes a parameter.
    public subscript(name: String) -> JobParameter? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The parameter names, sorted.
    public var names: [String] { values.keys.sorted() }

    /// Whether there are no parameters.
    public var isEmpty: Bool { values.isEmpty }

    /// The parameter count.
    public var count: Int { values.count }

    public func makeIterator() -> Dictionary<String, JobParameter>.Iterator { values.makeIterator() }

    /// Only the parameters that identify the instance (never secret ones).
    public var identifying: JobParameters {
        JobParameters(values.filter { $0.value.identifying && !$0.value.secret })
    }

    /// The string value of `name`, if it is a string parameter.
    public func string(_ name: String) -> String? {
        if case .string(let s) = values[name]?.value { s } else { nil }
    }

    /// The integer value of `name`, if it is an int parameter.
    public func int(_ name: String) -> Int? {
        if case .int(let i) = values[name]?.value { i } else { nil }
    }

    /// A copy with secret values replaced by `******`, which is what repositories, logs and
    /// JSON output receive.
    public var masked: JobParameters {
        JobParameters(values.mapValues { p in
            p.secret ? JobParameter(.string(JobParameter.mask), identifying: false, secret: true) : p
        })
    }

    /// These parameters with `other` laid over them.
    public func merging(_ other: JobParameters) -> JobParameters {
        JobParameters(values.merging(other.values, uniquingKeysWith: { _, new in new }))
    }

    /// The canonical text of the identifying parameters, from which the instance key is hashed.
    /// Length prefixes make it unambiguous whatever characters names and values contain.
    public var identityText: String {
        identifying.names.map { name in
            let p = values[name]!
            let v = p.value.description
            return "\(name.utf8.count):\(name)|\(p.value.type.rawValue)|\(v.utf8.count):\(v)"
        }.joined(separator: ";")
    }
}

extension JobParameter {
    /// The text that replaces a secret wherever it would be shown or stored.
    public static let mask = "******"

    /// Creates a parameter, optionally secret (masked in repositories and output, never identifying).
    public init(_ value: Value, identifying: Bool = true, secret: Bool) {
        self.init(value, identifying: identifying && !secret)
        self.secret = secret
    }

    /// Whether a parameter name looks like it holds a secret: it contains `password`, `secret`,
    /// `token` or `key`, case-insensitively.
    public static func looksSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["password", "secret", "token", "key"].contains { lower.contains($0) }
    }
}
