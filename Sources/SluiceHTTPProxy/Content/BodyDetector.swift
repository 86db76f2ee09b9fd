/// One thing looked for in bodies: a DLP detector or a content keyword/pattern.
public struct BodyDetector: @unchecked Sendable {
    // @unchecked: `Regex` is not Sendable, and it compiles its program lazily on the first match.
    // The initialiser matches once, so the detector is immutable before it is shared and the
    // event loops only read it.

    /// The finding type (`card`, `email`, `keyword`...), in the audit log and metrics.
    public let type: String
    /// What a finding does.
    public let action: DLPAction
    let regex: Regex<AnyRegexOutput>
    let validate: (@Sendable ([UInt8]) -> Bool)?

    /// A detector from a regular expression; `validate` (e.g. Luhn) confirms a match's bytes.
    public init(type: String, action: DLPAction, pattern: String, validate: (@Sendable ([UInt8]) -> Bool)? = nil) throws {
        self.type = type
        self.action = action
        regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        self.validate = validate
        _ = "".firstMatch(of: regex)
    }

    /// The built-in detector of a kind.
    public static func builtIn(_ kind: DLPDetectorKind, action: DLPAction) -> BodyDetector {
        let pattern: String
        var validate: (@Sendable ([UInt8]) -> Bool)?
        switch kind {
        case .card:
            pattern = #"[0-9](?:[ \-]?[0-9]){12,18}"#
            validate = { Luhn.isValid($0) }
        case .email:
            pattern = #"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#
        case .privateKey:
            pattern = #"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"#
        case .cloudKey:
            pattern = #"(?:AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{35}"#
        case .bearerToken:
            pattern = #"[Bb]earer[ \t]+[A-Za-z0-9\-._~+/]{16,}=*"#
        }
        // try!: the built-in patterns are constants, each compiled by the tests.
        return try! BodyDetector(type: kind.rawValue, action: action, pattern: pattern, validate: validate)
    }

    /// A detector for a literal keyword.
    public static func keyword(_ keyword: String) -> BodyDetector {
        let escaped = keyword.unicodeScalars.map { scalar -> String in
            let special = "\\^$.|?*+()[]{}-/"
            return special.unicodeScalars.contains(scalar) ? "\\" + String(scalar) : String(scalar)
        }.joined()
        // try!: every special character is escaped, so the pattern is a valid literal (tested).
        return try! BodyDetector(type: "keyword", action: .block, pattern: escaped)
    }
}

/// The Luhn check of payment card numbers.
enum Luhn {
    /// Whether the digits among `bytes` (13–19 of them) pass the Luhn check.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        let digits = bytes.filter { $0 >= 0x30 && $0 <= 0x39 }.map { Int($0 - 0x30) }
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
