import Sluice

/// Splits expression source into tokens. Offsets count characters (grapheme clusters).
struct Lexer {
    private let characters: [Character]
    private var position = 0

    /// A lexer over `source`.
    init(_ source: String) {
        characters = Array(source)
    }

    /// Every token of the source, ending with `.end`.
    static func tokens(of source: String) throws(ExpressionSyntaxError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    /// The next token.
    mutating func next() throws(ExpressionSyntaxError) -> Token {
        while let c = peek(), c.isWhitespace { position += 1 }
        let start = position
        guard let c = peek() else { return Token(kind: .end, offset: start, end: start) }
        let kind: Token.Kind
        if c.isLetter || c == "_" {
            kind = name()
        } else if c.isASCII, c.isNumber {
            kind = try number()
        } else if c == "'" {
            kind = .string(try quoted(by: "'", what: "string"))
        } else if c == "`" {
            let text = try quoted(by: "`", what: "quoted name")
            guard !text.isEmpty else { throw ExpressionSyntaxError("empty quoted name", at: start) }
            kind = .quotedName(text)
        } else {
            kind = .symbol(try symbol())
        }
        return Token(kind: kind, offset: start, end: position)
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        position + ahead < characters.count ? characters[position + ahead] : nil
    }

    private mutating func name() -> Token.Kind {
        let start = position
        while let c = peek(), c.isLetter || c == "_" || (c.isASCII && c.isNumber) { position += 1 }
        let text = String(characters[start..<position])
        return Token.Keyword(rawValue: text).map { .keyword($0) } ?? .name(text)
    }

    private mutating func number() throws(ExpressionSyntaxError) -> Token.Kind {
        let start = position
        while let c = peek(), c.isLetter || c.isNumber || c == "." || c == "_"
            || ((c == "+" || c == "-") && (characters[position - 1] == "e" || characters[position - 1] == "E"))
        {
            position += 1
        }
        let text = String(characters[start..<position])
        guard let shape = NumericText.shape(of: Array(text.utf8)) else {
            throw ExpressionSyntaxError("invalid number '\(text)'", at: start)
        }
        if shape == .integer, Int(text) == nil {
            throw ExpressionSyntaxError("integer \(text) is too large (the limit is \(Int.max))", at: start)
        }
        guard let value = NumericText.parse(text) else {
            throw ExpressionSyntaxError("number \(text) is out of range", at: start)
        }
        return .number(value)
    }

    /// Reads text between `quote` characters; a backslash escapes `\`, `'`, `` ` ``, `n`, `t`, `r`.
    private mutating func quoted(by quote: Character, what: String) throws(ExpressionSyntaxError) -> String {
        let start = position
        position += 1
        var text = ""
        while let c = peek() {
            position += 1
            if c == quote { return text }
            guard c == "\\" else {
                text.append(c)
                continue
            }
            guard let escaped = peek() else { break }
            switch escaped {
            case "\\", "'", "`", "\"": text.append(escaped)
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            default: throw ExpressionSyntaxError("unknown escape '\\\(escaped)' in \(what)", at: position - 1)
            }
            position += 1
        }
        throw ExpressionSyntaxError("unterminated \(what)", at: start)
    }

    private mutating func symbol() throws(ExpressionSyntaxError) -> Token.Symbol {
        let start = position
        let c = characters[position]
        let pair = peek(1).map { String([c, $0]) } ?? ""
        if let symbol = Token.Symbol(rawValue: pair) {
            position += 2
            return symbol
        }
        if let hint = Lexer.foreignOperators[pair] ?? Lexer.foreignOperators[String(c)] {
            throw ExpressionSyntaxError(hint, at: start)
        }
        guard let symbol = Token.Symbol(rawValue: String(c)) else {
            throw ExpressionSyntaxError("unexpected character '\(c)'", at: start)
        }
        position += 1
        return symbol
    }

    /// Operators of other languages, with what to write instead.
    private static let foreignOperators: [String: String] = [
        "&&": "'&&' is not an operator; use 'and'",
        "||": "'||' is not an operator; use 'or'",
        "!": "'!' is not an operator; use 'not' (or '!=' to compare)",
        "=": "'=' is not an operator; use '==' to compare",
        "\"": "strings are written in single quotes: 'text'",
    ]
}
