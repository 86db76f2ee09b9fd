/// A DNS configuration or list file that cannot be used; the message names the file and the
/// key (or line) at fault.
public enum DNSConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A key has a bad value (or the YAML is malformed, with `key` empty).
    case invalid(path: String, key: String, reason: String)
    /// A list file could not be read.
    case unreadableList(path: String, reason: String)
    /// A list file line is neither a hosts-file line nor a name.
    case badListLine(path: String, line: Int, text: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "\(path): cannot read the DNS configuration: \(reason)"
        case .invalid(let path, let key, let reason):
            key.isEmpty ? "\(path): \(reason)" : "\(path): \(key): \(reason)"
        case .unreadableList(let path, let reason): "\(path): cannot read the list file: \(reason)"
        case .badListLine(let path, let line, let text): "\(path):\(line): not a hosts-file line or a name: '\(text)'"
        }
    }
}
