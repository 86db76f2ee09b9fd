/// Content filtering: types, sizes, keywords and download signatures.
public struct ContentFilterConfiguration: Codable, Sendable, Equatable {
    /// Request content types refused (prefix match, e.g. `application/x-msdownload`).
    public var blockedRequestTypes: [String]
    /// Response content types refused.
    public var blockedResponseTypes: [String]
    /// Case-sensitive keywords refused in request and response bodies.
    public var keywords: [String]
    /// Regular expressions refused in request and response bodies.
    public var patterns: [String]
    /// Largest request body in bytes.
    public var maxUploadBytes: Int?
    /// Largest response body in bytes.
    public var maxDownloadBytes: Int?
    /// Whether downloads starting with the EICAR test string or an ELF/PE executable header are blocked.
    public var blockExecutables: Bool

    /// No filtering.
    public init(blockedRequestTypes: [String] = [], blockedResponseTypes: [String] = [], keywords: [String] = [],
                patterns: [String] = [], maxUploadBytes: Int? = nil, maxDownloadBytes: Int? = nil, blockExecutables: Bool = false) {
        self.blockedRequestTypes = blockedRequestTypes
        self.blockedResponseTypes = blockedResponseTypes
        self.keywords = keywords
        self.patterns = patterns
        self.maxUploadBytes = maxUploadBytes
        self.maxDownloadBytes = maxDownloadBytes
        self.blockExecutables = blockExecutables
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        blockedRequestTypes = try c.decodeIfPresent([String].self, forKey: .blockedRequestTypes) ?? []
        blockedResponseTypes = try c.decodeIfPresent([String].self, forKey: .blockedResponseTypes) ?? []
        keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
        patterns = try c.decodeIfPresent([String].self, forKey: .patterns) ?? []
        for (index, pattern) in patterns.enumerated() {
            do { _ = try Regex(pattern) } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.patterns, IndexKey(index)],
                    debugDescription: "not a regular expression: \(error)"))
            }
        }
        maxUploadBytes = try c.positive(Int.self, .maxUploadBytes)
        maxDownloadBytes = try c.positive(Int.self, .maxDownloadBytes)
        blockExecutables = try c.decodeIfPresent(Bool.self, forKey: .blockExecutables) ?? false
    }

    private enum CodingKeys: String, CodingKey {
        case blockedRequestTypes, blockedResponseTypes, keywords, patterns, maxUploadBytes, maxDownloadBytes, blockExecutables
    }
}

/// Data-loss prevention on request bodies.
public struct DLPConfiguration: Codable, Sendable, Equatable {
    /// What a finding does: `block` (403), `redact` (masked with `*`, same length) or `log` (audit only).
    public var action: DLPAction
    /// Built-in detectors: `card`, `email`, `privateKey`, `cloudKey`, `bearerToken` (default all).
    public var detectors: [DLPDetectorKind]
    /// Extra detectors: a name and a regular expression (matches up to 512 bytes long).
    public var custom: [CustomDetector]

    /// Every built-in detector with an action.
    public init(action: DLPAction = .block, detectors: [DLPDetectorKind] = DLPDetectorKind.allCases, custom: [CustomDetector] = []) {
        self.action = action
        self.detectors = detectors
        self.custom = custom
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        action = try c.decodeIfPresent(DLPAction.self, forKey: .action) ?? .block
        detectors = try c.decodeIfPresent([DLPDetectorKind].self, forKey: .detectors) ?? DLPDetectorKind.allCases
        custom = try c.decodeIfPresent([CustomDetector].self, forKey: .custom) ?? []
    }

    private enum CodingKeys: String, CodingKey { case action, detectors, custom }

    /// A named regular expression.
    public struct CustomDetector: Codable, Sendable, Equatable {
        /// The finding type written to the audit log and metrics.
        public var name: String
        /// The regular expression.
        public var pattern: String

        /// A custom detector.
        public init(name: String, pattern: String) {
            self.name = name
            self.pattern = pattern
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            pattern = try c.decode(String.self, forKey: .pattern)
            do { _ = try Regex(pattern) } catch {
                throw DecodingError.dataCorruptedError(forKey: .pattern, in: c, debugDescription: "not a regular expression: \(error)")
            }
        }

        private enum CodingKeys: String, CodingKey { case name, pattern }
    }
}

/// What a DLP finding does.
public enum DLPAction: String, Codable, Sendable, Equatable {
    /// Refuse the request (403).
    case block
    /// Mask the finding with `*` and forward.
    case redact
    /// Forward unchanged; write the finding to the audit log.
    case log
}

/// The built-in DLP detectors.
public enum DLPDetectorKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// Payment card numbers (13–19 digits, Luhn-valid, spaces or dashes allowed).
    case card
    /// Email addresses.
    case email
    /// PEM private key headers.
    case privateKey
    /// AWS access key ids and Google API keys.
    case cloudKey
    /// `Bearer` tokens.
    case bearerToken
}
