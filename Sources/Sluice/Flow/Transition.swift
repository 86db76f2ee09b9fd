/// Where a flow goes after an element, chosen by matching the element's exit status code.
public struct Transition: Sendable, Hashable {
    /// The exit status pattern: `*` matches any run of characters, `?` one character.
    public var pattern: String
    /// What to do on a match.
    public var action: Action

    /// Creates a transition.
    public init(on pattern: String, _ action: Action) {
        self.pattern = pattern
        self.action = action
    }

    /// A transition's effect.
    public enum Action: Sendable, Hashable {
        /// Continue at the element with this id (in the same flow).
        case to(String)
        /// End the job COMPLETED, with this exit status code (default COMPLETED).
        case end(exitStatus: String? = nil)
        /// End the job FAILED, with this exit status code (default FAILED).
        case fail(exitStatus: String? = nil)
        /// End the job STOPPED; the next run begins at `restart` (default: this element), which
        /// runs even if it completed before.
        case stop(restart: String? = nil, exitStatus: String? = nil)
    }

    /// Shorthand: `.on("FAILED", .to("cleanup"))`.
    public static func on(_ pattern: String, _ action: Action) -> Transition { Transition(on: pattern, action) }

    /// Whether `code` matches the pattern.
    public func matches(_ code: String) -> Bool { Self.glob(Array(pattern.unicodeScalars), Array(code.unicodeScalars)) }

    /// How specific the pattern is; higher wins. A pattern without wildcards beats every pattern
    /// with them; then more literal characters win; then fewer `*`.
    var specificity: (exact: Bool, literals: Int, stars: Int) {
        let stars = pattern.filter { $0 == "*" }.count
        let questions = pattern.filter { $0 == "?" }.count
        return (stars == 0 && questions == 0, pattern.count - stars - questions, stars)
    }

    /// The most specific transition matching `code`; ties go to the first listed.
    static func best(in transitions: [Transition], for code: String) -> Transition? {
        var best: Transition?
        for t in transitions where t.matches(code) {
            guard let current = best else { best = t; continue }
            let a = t.specificity, b = current.specificity
            if (a.exact && !b.exact) || (a.exact == b.exact && (a.literals > b.literals || (a.literals == b.literals && a.stars < b.stars))) {
                best = t
            }
        }
        return best
    }

    private static func glob(_ p: [Unicode.Scalar], _ s: [Unicode.Scalar]) -> Bool {
        var pi = 0, si = 0, starP = -1, starS = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] {
                pi += 1; si += 1
            } else if pi < p.count, p[pi] == "*" {
                starP = pi; starS = si; pi += 1
            } else if starP >= 0 {
                pi = starP + 1; starS += 1; si = starS
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
