import Sluice

/// A recursive-descent parser for the expression grammar.
///
/// From loosest to tightest: `or`, `and`, `not`, comparisons and `in` (not chainable),
/// `+ -`, `* / %`, unary `-`, then paths, calls, literals and parentheses.
struct Parser {
    private let tokens: [Token]
    private var index = 0

    /// A parser over tokens ending with `.end`.
    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole expression source.
    static func parse(_ source: String) throws(ExpressionSyntaxError) -> SyntaxNode {
        var parser = Parser(tokens: try Lexer.tokens(of: source))
        if parser.current.kind == .end { throw ExpressionSyntaxError("empty expression", at: 0) }
        let node = try parser.expression()
        guard parser.current.kind == .end else { throw parser.unexpected() }
        return node
    }

    private var current: Token { tokens[index] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func take(_ symbol: Token.Symbol) -> Token? {
        current.kind == .symbol(symbol) ? advance() : nil
    }

    private mutating func take(_ keyword: Token.Keyword) -> Token? {
        current.kind == .keyword(keyword) ? advance() : nil
    }

    private mutating func expect(_ symbol: Token.Symbol) throws(ExpressionSyntaxError) -> Token {
        guard let token = take(symbol) else { throw unexpected(expecting: "'\(symbol.rawValue)'") }
        return token
    }

    private func unexpected(expecting expected: String? = nil) -> ExpressionSyntaxError {
        let suffix = expected.map { ", expected \($0)" } ?? ""
        return ExpressionSyntaxError("unexpected \(current.quoted)\(suffix)", at: current.offset)
    }

    private mutating func expression() throws(ExpressionSyntaxError) -> SyntaxNode {
        try logical(.or) { (parser: inout Parser) throws(ExpressionSyntaxError) in
            try parser.logical(.and) { (parser: inout Parser) throws(ExpressionSyntaxError) in try parser.negation() }
        }
    }

    private mutating func logical(
        _ op: LogicalOperator, operand: (inout Parser) throws(ExpressionSyntaxError) -> SyntaxNode
    ) throws(ExpressionSyntaxError) -> SyntaxNode {
        var node = try operand(&self)
        let keyword: Token.Keyword = op == .and ? .and : .or
        while take(keyword) != nil {
            let rhs = try operand(&self)
            node = SyntaxNode(kind: .logical(op, node, rhs), offset: node.offset, end: rhs.end)
        }
        return node
    }

    private mutating func negation() throws(ExpressionSyntaxError) -> SyntaxNode {
        guard let keyword = take(.not) else { return try comparison() }
        let operand = try negation()
        return SyntaxNode(kind: .not(operand), offset: keyword.offset, end: operand.end)
    }

    private mutating func comparison() throws(ExpressionSyntaxError) -> SyntaxNode {
        let lhs = try additive()
        let node: SyntaxNode
        if case .symbol(let symbol) = current.kind, let op = BinaryOperator(comparison: symbol) {
            _ = advance()
            let rhs = try additive()
            node = SyntaxNode(kind: .binary(op, lhs, rhs), offset: lhs.offset, end: rhs.end)
        } else if take(.in) != nil {
            node = try membership(lhs, negated: false)
        } else if current.kind == .keyword(.not), tokens[index + 1].kind == .keyword(.in) {
            _ = advance()
            _ = advance()
            node = try membership(lhs, negated: true)
        } else {
            return lhs
        }
        if case .symbol(let symbol) = current.kind, BinaryOperator(comparison: symbol) != nil {
            throw ExpressionSyntaxError("comparisons cannot be chained; combine them with 'and'", at: current.offset)
        }
        if current.kind == .keyword(.in) {
            throw ExpressionSyntaxError("'in' cannot follow a comparison; use parentheses", at: current.offset)
        }
        return node
    }

    private mutating func membership(_ lhs: SyntaxNode, negated: Bool) throws(ExpressionSyntaxError) -> SyntaxNode {
        guard take(.leftBracket) != nil else { throw unexpected(expecting: "a list like ['a', 'b'] after 'in'") }
        var elements: [SyntaxNode] = []
        if take(.rightBracket) == nil {
            repeat { elements.append(try expression()) } while take(.comma) != nil
            _ = try expect(.rightBracket)
        }
        let end = tokens[index - 1].end
        return SyntaxNode(kind: .membership(lhs, elements, negated: negated), offset: lhs.offset, end: end)
    }

    private mutating func additive() throws(ExpressionSyntaxError) -> SyntaxNode {
        var node = try multiplicative()
        while case .symbol(let symbol) = current.kind, let op = BinaryOperator(additive: symbol) {
            _ = advance()
            let rhs = try multiplicative()
            node = SyntaxNode(kind: .binary(op, node, rhs), offset: node.offset, end: rhs.end)
        }
        return node
    }

    private mutating func multiplicative() throws(ExpressionSyntaxError) -> SyntaxNode {
        var node = try unary()
        while case .symbol(let symbol) = current.kind, let op = BinaryOperator(multiplicative: symbol) {
            _ = advance()
            let rhs = try unary()
            node = SyntaxNode(kind: .binary(op, node, rhs), offset: node.offset, end: rhs.end)
        }
        return node
    }

    private mutating func unary() throws(ExpressionSyntaxError) -> SyntaxNode {
        guard let minus = take(.minus) else { return try postfix() }
        let operand = try unary()
        return SyntaxNode(kind: .negate(operand), offset: minus.offset, end: operand.end)
    }

    private mutating func postfix() throws(ExpressionSyntaxError) -> SyntaxNode {
        let node = try primary()
        guard current.kind == .symbol(.leftBracket) || current.kind == .symbol(.dot) else { return node }
        guard case .name(let root) = node.kind else {
            throw ExpressionSyntaxError("only names can be followed by '[...]' or '.member'", at: current.offset)
        }
        var segments: [SyntaxNode.PathSegment] = []
        while true {
            if take(.dot) != nil {
                segments.append(.key(try memberName()))
            } else if take(.leftBracket) != nil {
                let key = try expression()
                _ = try expect(.rightBracket)
                if case .literal(.string(let text)) = key.kind { segments.append(.key(text)) } else { segments.append(.computed(key)) }
            } else {
                break
            }
        }
        return SyntaxNode(kind: .path(root: root, segments: segments), offset: node.offset, end: tokens[index - 1].end)
    }

    private mutating func memberName() throws(ExpressionSyntaxError) -> String {
        switch current.kind {
        case .name(let name), .quotedName(let name):
            _ = advance()
            return name
        case .keyword(let keyword):
            _ = advance()
            return keyword.rawValue
        default:
            throw unexpected(expecting: "a member name after '.'")
        }
    }

    private mutating func primary() throws(ExpressionSyntaxError) -> SyntaxNode {
        let token = current
        func node(_ kind: SyntaxNode.Kind) -> SyntaxNode { SyntaxNode(kind: kind, offset: token.offset, end: token.end) }
        switch token.kind {
        case .number(let value):
            _ = advance()
            return node(.literal(value))
        case .string(let text):
            _ = advance()
            return node(.literal(.string(text)))
        case .keyword(.true), .keyword(.false):
            _ = advance()
            return node(.literal(.bool(token.kind == .keyword(.true))))
        case .keyword(.null):
            _ = advance()
            return node(.literal(.null))
        case .quotedName(let name):
            _ = advance()
            return node(.name(name))
        case .name(let name):
            _ = advance()
            return current.kind == .symbol(.leftParenthesis) ? try call(name, at: token) : node(.name(name))
        case .symbol(.leftParenthesis):
            _ = advance()
            let inner = try expression()
            let close = try expect(.rightParenthesis)
            return SyntaxNode(kind: inner.kind, offset: token.offset, end: close.end)
        default:
            throw unexpected(expecting: token.kind == .end ? "a value" : nil)
        }
    }

    private mutating func call(_ name: String, at token: Token) throws(ExpressionSyntaxError) -> SyntaxNode {
        guard let function = BuiltinFunction(rawValue: name) else {
            let hint = NameSuggestion.hint(for: name, in: BuiltinFunction.allCases.map(\.rawValue))
            throw ExpressionSyntaxError("unknown function '\(name)'\(hint)", at: token.offset)
        }
        _ = try expect(.leftParenthesis)
        var arguments: [SyntaxNode] = []
        if take(.rightParenthesis) == nil {
            repeat { arguments.append(try expression()) } while take(.comma) != nil
            _ = try expect(.rightParenthesis)
        }
        guard function.arity.contains(arguments.count) else {
            throw ExpressionSyntaxError(
                "function '\(name)' takes \(function.arityText), got \(arguments.count)", at: token.offset)
        }
        return SyntaxNode(kind: .call(function, arguments), offset: token.offset, end: tokens[index - 1].end)
    }
}
