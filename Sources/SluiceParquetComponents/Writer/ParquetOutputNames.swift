import Foundation

/// The file names of a `parquet` writer's output: the published file of each sequence number, and
/// the hidden temporary (`.<file>.partial`) and journal (`.<file>.journal`) files beside it.
///
/// `{seq}` in the path is replaced by the sequence number, zero-padded to five digits
/// (`out/orders-{seq}.parquet` → `out/orders-00000.parquet`); a path without it names one file.
struct ParquetOutputNames: Sendable, Hashable {
    /// The placeholder of the sequence number.
    static let placeholder = "{seq}"
    /// The path as configured.
    let pattern: String

    /// Whether the pattern holds `{seq}`, which rolling over to a new file needs.
    var isSequenced: Bool { pattern.contains(Self.placeholder) }

    /// The published path of file `sequence`.
    func published(_ sequence: Int) -> String {
        guard isSequenced else { return pattern }
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        return pattern.replacingOccurrences(of: Self.placeholder, with: padded)
    }

    /// The same names inside the subdirectory `directory` of the pattern's directory (a
    /// partition directory such as `dt=2026-11-30/country=FR`); an empty `directory` is `self`.
    func inside(_ directory: String) -> ParquetOutputNames {
        guard !directory.isEmpty else { return self }
        let path = pattern as NSString
        let parent = path.deletingLastPathComponent
        let file = path.lastPathComponent
        return ParquetOutputNames(pattern: parent.isEmpty ? directory + "/" + file : parent + "/" + directory + "/" + file)
    }

    /// The temporary path file `sequence` is written under until it is complete.
    func partial(_ sequence: Int) -> String { hidden(sequence, suffix: ".partial") }
    /// The journal of the committed rows of file `sequence`.
    func journal(_ sequence: Int) -> String { hidden(sequence, suffix: ".journal") }

    private func hidden(_ sequence: Int, suffix: String) -> String {
        let path = published(sequence) as NSString
        let directory = path.deletingLastPathComponent
        let name = "." + path.lastPathComponent + suffix
        return directory.isEmpty ? name : directory + "/" + name
    }
}
