import Foundation
import Sluice

/// A salted, iterated password hash: `pbkdf2-sha256$ITERATIONS$SALT$HASH` (salt and hash in base64).
public struct PasswordHash: Sendable, Equatable {
    /// PBKDF2 iterations.
    public let iterations: Int
    /// The salt.
    public let salt: [UInt8]
    /// The derived key.
    public let hash: [UInt8]

    /// Parses the encoded form; `nil` when malformed.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), iterations > 0,
              let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])), hash.count == 32
        else { return nil }
        self.iterations = iterations
        self.salt = Array(salt)
        self.hash = Array(hash)
    }

    /// Hashes a password with a fresh random salt.
    public init(password: String, iterations: Int = 50_000) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.iterations = iterations
        self.salt = salt
        hash = SHA256.pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations)
    }

    /// The encoded form, for the configuration file.
    public var encoded: String {
        "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` is the one hashed (constant-time comparison).
    public func verify(_ password: String) -> Bool {
        let candidate = SHA256.pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations)
        var difference: UInt8 = 0
        for (a, b) in zip(candidate, hash) { difference |= a ^ b }
        return difference == 0 && candidate.count == hash.count
    }
}
