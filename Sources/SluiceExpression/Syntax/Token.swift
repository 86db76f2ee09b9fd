import Sluice

/// One lexical unit of an expression, with its position in the source.
struct Token: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        /// A number literal, already typed (int, decimal or double).
        case number(RecordValue)
        /// A quoted string literal, escapes resolved.
        case string(String)
        /// A bare name (`amount`, `upper`).
        case name(String)
        /// A backtick-quoted name (`` `order-id` ``), never a keyword or function.
        case quotedName(String)
        /// A reserved word.
        case keyword(Keyword)
        /// An operator or punctuation.
        case symbol(Symbol)
        /// The end of the source.
        case end
    }

    /// The reserved words of the language.
    enum Keyword: String, Sendable, CaseIterable {
        case and, or, not, `in`, `true`, `false`, null
    }

    /// Operators and punctuation.
    enum Symbol: String, Sendable, CaseIterable {
        case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case leftParenthesis = "(", rightParenthesis = ")", leftBracket = "[", rightBracket = "]"
        case comma = ",", dot = "."
    }

    /// What the token is.
    var kind: Kind
    /// The 0-based character offset of its first character.
    var offset: Int
    /// The offset just past its last character.
    var end: Int

    /// How the token reads in an error message, e.g. `')'` or `end of expression`.
    var quoted: String {
        switch kind {
        case .number(let value): "number \(value)"
        case .string(let text): "string '\(text)'"
        case .name(let name): "name '\(name)'"
        case .quotedName(let name): "name `\(name)`"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .end: "end of expression"
        }
    }
}
