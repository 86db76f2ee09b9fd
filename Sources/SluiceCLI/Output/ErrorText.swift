import Foundation
import Sluice

/// One readable line for any error: its description, never a dump of its fields.
enum ErrorText {
    static func line(_ error: any Error) -> String {
        switch error {
        case let e as LaunchRefused: return e.description
        case let e as JobRepositoryError: return e.description
        case let e as BatchError: return e.message
        case let e as DecodingError: return decoding(e)
        case let e as CustomStringConvertible: return flattened(e.description)
        default: return "\(type(of: error)): \(error.localizedDescription)"
        }
    }

    private static func decoding(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return "invalid data" + (path.isEmpty ? "" : " at \(path)") + ": " + c.debugDescription
        @unknown default:
            return "invalid data"
        }
    }

    private static func flattened(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
    }
}
