import Foundation

/// Reads block or allow lists from files: hosts-file lines (`0.0.0.0 ads.example.com other.example`)
/// and plain domain lists (`ads.example.com`, `*.tracker.example`), mixed freely; `#` starts a comment.
public enum DNSListFile {
    /// The patterns in the file at `path`; a bad line fails with the file and line number.
    public static func patterns(at path: String) throws(DNSConfigurationError) -> [DNSNamePattern] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableList(path: path, reason: error.localizedDescription)
        }
        return try patterns(in: text, path: path)
    }

    /// The patterns in `text`, read from `path` (for error messages).
    public static func patterns(in text: String, path: String) throws(DNSConfigurationError) -> [DNSNamePattern] {
        var result: [DNSNamePattern] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard !fields.isEmpty else { continue }
            let names = fields.count > 1 && isAddress(fields[0]) ? fields.dropFirst() : fields[...]
            guard fields.count == 1 || isAddress(fields[0]) else {
                throw .badListLine(path: path, line: index + 1, text: String(line))
            }
            for name in names where !Self.hostsFileNoise.contains(name.lowercased()) && !isAddress(name) {
                guard let pattern = DNSNamePattern(String(name)) else {
                    throw .badListLine(path: path, line: index + 1, text: String(line))
                }
                result.append(pattern)
            }
        }
        return result
    }

    /// Names hosts files carry for the machine itself, never meant as entries of a block list.
    private static let hostsFileNoise: Set<String> = [
        "localhost", "localhost.localdomain", "local", "broadcasthost", "ip6-localhost", "ip6-loopback",
        "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "ip6-allhosts",
    ]

    private static func isAddress(_ field: Substring) -> Bool {
        DNSAddressText.bytes(String(field)) != nil
    }
}
