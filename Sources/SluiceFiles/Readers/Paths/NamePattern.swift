/// One path component of a glob (`*.csv`, `part-??.json`, `[abc]*`), matched against a file or
/// directory name.
///
/// `*` matches any run of characters, `?` one character, `[abc]`, `[a-z]` one character of a set
/// and `[!abc]` (or `[^abc]`) one character outside it. Wildcards never match a leading `.`, so
/// hidden files are only found by a pattern that starts with `.` itself, as in a shell.
struct NamePattern: Sendable, Hashable {
    private enum Element: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case anyOne
        case anyRun
        case set(ranges: [ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    private let elements: [Element]
    /// The component as written.
    let text: String

    /// Compiles a component; `[` without a closing `]` is taken literally.
    init(_ text: String) {
        self.text = text
        elements = Self.compile(Array(text.unicodeScalars))
    }

    /// Whether the text contains a wildcard, so that the component must be matched by listing
    /// its directory rather than used as a name.
    static func hasWildcards(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Whether `name` matches the whole pattern.
    func matches(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        if scalars.first == ".", elements.first != .literal(".") { return false }
        return match(scalars, 0, 0)
    }

    private func match(_ name: [Unicode.Scalar], _ n: Int, _ e: Int) -> Bool {
        var n = n
        var e = e
        while e < elements.count {
            switch elements[e] {
            case .anyRun:
                // Try every split point; names are short, so the backtracking stays cheap.
                for start in n...name.count where match(name, start, e + 1) { return true }
                return false
            case .anyOne:
                guard n < name.count else { return false }
            case .literal(let scalar):
                guard n < name.count, name[n] == scalar else { return false }
            case .set(let ranges, let negated):
                guard n < name.count, ranges.contains(where: { $0.contains(name[n]) }) != negated else { return false }
            }
            n += 1
            e += 1
        }
        return n == name.count
    }

    private static func compile(_ scalars: [Unicode.Scalar]) -> [Element] {
        var elements: [Element] = []
        var i = 0
        while i < scalars.count {
            switch scalars[i] {
            case "*":
                if elements.last != .anyRun { elements.append(.anyRun) }
            case "?":
                elements.append(.anyOne)
            case "[":
                if let (set, next) = compileSet(scalars, from: i) {
                    elements.append(set)
                    i = next
                    continue
                }
                elements.append(.literal("["))
            default:
                elements.append(.literal(scalars[i]))
            }
            i += 1
        }
        return elements
    }

    /// A `[...]` set starting at `start`, and the index after its `]`; nil when it is not closed.
    private static func compileSet(_ scalars: [Unicode.Scalar], from start: Int) -> (Element, Int)? {
        var i = start + 1
        let negated = i < scalars.count && (scalars[i] == "!" || scalars[i] == "^")
        if negated { i += 1 }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var first = true
        while i < scalars.count {
            let c = scalars[i]
            // A `]` right after the opening bracket is a member, as in a shell.
            if c == "]" && !first { return (.set(ranges: ranges, negated: negated), i + 1) }
            first = false
            if i + 2 < scalars.count, scalars[i + 1] == "-", scalars[i + 2] != "]" {
                let upper = scalars[i + 2]
                ranges.append(min(c, upper)...max(c, upper))
                i += 3
            } else {
                ranges.append(c...c)
                i += 1
            }
        }
        return nil
    }
}
