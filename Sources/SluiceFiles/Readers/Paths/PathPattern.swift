import Foundation
import Sluice

/// A reader's `path`: one file, or a glob that selects several, resolved against the directory of
/// the job file.
///
/// Globs use `*`, `?`, `[abc]` within one path component (see ``NamePattern``) and `**` as a
/// whole component for any number of directories (`logs/**/*.ndjson`). Matches are regular files
/// only, in byte-wise sorted order of their paths, so a multi-file read (and its restart
/// position) is the same on every run. `**` does not follow symbolic links to directories.
struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    /// The path as written.
    let text: String
    /// The path joined to the base directory (unchanged when absolute).
    let resolved: String

    /// Resolves `path` against `baseDirectory` (ignored for an absolute path, or when empty or `.`).
    init(_ path: String, baseDirectory: String) {
        text = path
        if path.hasPrefix("/") || baseDirectory.isEmpty || baseDirectory == "." {
            resolved = path
        } else {
            resolved = Self.join(baseDirectory, path)
        }
    }

    /// Whether the path selects files by pattern rather than naming one file.
    var isGlob: Bool { resolved.split(separator: "/").contains { NamePattern.hasWildcards(String($0)) } }

    var description: String { resolved }

    /// The files the path selects, sorted. Blocking: call it through ``BlockingIO``.
    ///
    /// - Throws: an `io` ``BatchError`` when a plain path is missing or not a regular file, when
    ///   a glob matches nothing, or when a directory cannot be listed.
    func files() throws -> [String] {
        guard isGlob else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
                throw BatchError(.io, "the file '\(resolved)' does not exist")
            }
            guard !isDirectory.boolValue else { throw BatchError(.io, "'\(resolved)' is a directory, not a file") }
            return [resolved]
        }
        var candidates = [resolved.hasPrefix("/") ? "/" : ""]
        for component in resolved.split(separator: "/").map(String.init) {
            candidates = try expand(candidates, with: component)
        }
        let files = Set(candidates.filter(Self.isRegularFile))
        guard !files.isEmpty else { throw BatchError(.io, "no file matches the pattern '\(resolved)'") }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The paths reached from each of `paths` through one component of the pattern.
    private func expand(_ paths: [String], with component: String) throws -> [String] {
        if component == "**" { return try paths.flatMap { [$0] + (try Self.subdirectories(of: $0)) } }
        guard NamePattern.hasWildcards(component) else { return paths.map { Self.join($0, component) } }
        let pattern = NamePattern(component)
        return try paths.flatMap { directory in
            try Self.entries(of: directory).filter(pattern.matches).map { Self.join(directory, $0) }
        }
    }

    /// The names in a directory; none when it does not exist or is not a directory.
    private static func entries(of directory: String) throws -> [String] {
        let listed = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: listed, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: listed)
        } catch {
            throw BatchError(.io, "cannot list the directory '\(listed)': \(error.localizedDescription)")
        }
    }

    /// Every directory below `directory`, at any depth, without following symbolic links.
    private static func subdirectories(of directory: String) throws -> [String] {
        var found: [String] = []
        for name in try entries(of: directory) where !name.hasPrefix(".") {
            let path = join(directory, name)
            if isRealDirectory(path) { found += [path] + (try subdirectories(of: path)) }
        }
        return found
    }

    private static func isRealDirectory(_ path: String) -> Bool {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        return type == .typeDirectory
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return !path.isEmpty && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `directory/name`, without doubling the separator.
    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
