import Sluice

/// Turns a syntax tree into a tree of closures, folding constant subtrees at compile time.
struct Compiler {
    private let characters: [Character]
    /// The item fields and scope roots the expression names, in order of first use.
    private(set) var referencedNames: [String] = []

    /// A compiler for nodes parsed from `source`.
    init(source: String) {
        characters = Array(source)
    }

    /// The compiled form of `node`; constant subtrees that fail are syntax errors at their offset.
    mutating func compile(_ node: SyntaxNode) throws(ExpressionSyntaxError) -> CompiledNode {
        let children: [CompiledNode]
        let compiled: CompiledNode
        switch node.kind {
        case .literal(let value):
            return CompiledNode(constant: value)
        case .name(let name):
            reference(name)
            return Compiler.name(name)
        case .path(let root, let segments):
            reference(root)
            let compiledSegments = try segments.map { segment throws(ExpressionSyntaxError) in try compile(segment) }
            return Compiler.path(root, compiledSegments, text: text(of: node))
        case .negate(let operand):
            children = [try compile(operand)]
            compiled = Compiler.negate(children[0])
        case .not(let operand):
            children = [try compile(operand)]
            compiled = Compiler.not(children[0])
        case .binary(let op, let lhs, let rhs):
            children = [try compile(lhs), try compile(rhs)]
            compiled = Compiler.binary(op, children[0], children[1])
        case .logical(let op, let lhs, let rhs):
            children = [try compile(lhs), try compile(rhs)]
            compiled = Compiler.logical(op, children[0], children[1])
        case .membership(let lhs, let elements, let negated):
            children = [try compile(lhs)] + (try elements.map { e throws(ExpressionSyntaxError) in try compile(e) })
            compiled = Compiler.membership(children[0], Array(children.dropFirst()), negated: negated)
        case .call(let function, let arguments):
            children = try arguments.map { a throws(ExpressionSyntaxError) in try compile(a) }
            compiled = Compiler.call(function, children)
        }
        return try folded(compiled, children: children, at: node.offset)
    }

    private mutating func compile(_ segment: SyntaxNode.PathSegment) throws(ExpressionSyntaxError) -> PathStep {
        switch segment {
        case .key(let key): .key(key)
        case .computed(let node): .computed(try compile(node))
        }
    }

    private mutating func reference(_ name: String) {
        if !referencedNames.contains(name) { referencedNames.append(name) }
    }

    private func text(of node: SyntaxNode) -> String {
        String(characters[node.offset..<min(node.end, characters.count)])
    }

    /// Evaluates a node once when all its children are constants.
    private func folded(_ node: CompiledNode, children: [CompiledNode], at offset: Int) throws(ExpressionSyntaxError) -> CompiledNode {
        guard children.allSatisfy({ $0.constant != nil }) else { return node }
        do throws(EvaluationFailure) {
            return CompiledNode(constant: try node.evaluate(.none))
        } catch {
            throw ExpressionSyntaxError(error.message, at: offset)
        }
    }
}
