import Foundation
import Sluice

extension DNSFilter {
    /// The filter for `settings`, its list files read off the cooperative pool.
    public static func load(_ settings: DNSFilterSettings) async throws -> DNSFilter {
        try await BlockingIO.run { try DNSFilter(settings: settings) }
    }

    /// The modification times of the list files (0 for unreadable ones), to notice changes.
    static func modificationTimes(_ settings: DNSFilterSettings) async -> [Double] {
        let paths = settings.blockFiles + settings.allowFiles
        return (try? await BlockingIO.run {
            paths.map { path in
                let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
                return date?.timeIntervalSince1970 ?? 0
            }
        }) ?? paths.map { _ in 0 }
    }
}
