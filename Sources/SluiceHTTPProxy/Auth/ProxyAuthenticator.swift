import Foundation
import Synchronization
import Sluice

/// Checks `Proxy-Authorization: Basic` credentials against the configured users.
///
/// Verified credentials are remembered (by their SHA-256, never in clear) so a keep-alive client
/// does not pay for PBKDF2 on every request.
public final class ProxyAuthenticator: Sendable {
    /// The realm in the 407 challenge.
    public let realm: String
    private let users: [String: PasswordHash]
    private let verified = Mutex<[[UInt8]: String]>([:])

    /// An authenticator for the configured users.
    public init(configuration: ProxyConfiguration.Authentication) {
        realm = configuration.realm
        var users: [String: PasswordHash] = [:]
        for user in configuration.users { users[user.name] = PasswordHash(encoded: user.passwordHash) }
        self.users = users
    }

    /// The user name when the header value holds valid credentials, else `nil`.
    public func authenticate(_ header: String?) -> String? {
        guard let header else { return nil }
        let key = SHA256.hash(Array(header.utf8))
        if let user = verified.withLock({ $0[key] }) { return user }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let decoded = Data(base64Encoded: String(parts[1].trimmingCharacters(in: .whitespaces))),
              let credentials = String(data: decoded, encoding: .utf8),
              let colon = credentials.firstIndex(of: ":")
        else { return nil }
        let name = String(credentials[..<colon])
        let password = String(credentials[credentials.index(after: colon)...])
        guard let hash = users[name], hash.verify(password) else { return nil }
        verified.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[key] = name
        }
        return name
    }
}
