import Sluice
import SluiceExpression

/// `#{...}` placeholders inside string values: expressions over `jobParameters`,
/// `jobExecutionContext`, `stepExecutionContext` and `partition`, resolved when a step starts
/// (late binding), so one job file serves every instance and partition.
enum Placeholders {
    /// The roots a placeholder may name.
    static let roots = ["jobParameters", "jobExecutionContext", "stepExecutionContext", "partition"]

    /// The expressions inside the `#{...}` of `text`, with their offsets; unterminated ones are errors.
    static func expressions(in text: String) throws(PlaceholderError) -> [(source: String, range: Range<String.Index>)] {
        var found: [(String, Range<String.Index>)] = []
        var rest = text.startIndex
        while let open = text.range(of: "#{", range: rest..<text.endIndex) {
            guard let close = PlaceholderText.closingBrace(in: text, from: open.upperBound) else {
                throw PlaceholderError(message: "unterminated '#{' (expected '#{jobParameters['NAME']}')")
            }
            found.append((String(text[open.upperBound..<close]), open.lowerBound..<text.index(after: close)))
            rest = text.index(after: close)
        }
        return found
    }

    /// Checks every placeholder of a property tree (syntax only), reporting at the value's location.
    static func validate(_ node: PropertyNode, problems: inout [PropertyProblem]) {
        _ = node.mapScalars { text, _, location in
            guard text.contains("#{") else { return text }
            do {
                for (source, _) in try expressions(in: text) {
                    do { _ = try Expression(source) } catch let error as ExpressionSyntaxError {
                        problems.append(PropertyProblem("in '#{\(source)}': \(error)", at: location))
                    } catch {
                        problems.append(PropertyProblem("in '#{\(source)}': \(error)", at: location))
                    }
                }
            } catch let error as PlaceholderError {
                problems.append(PropertyProblem(error.message, at: location))
            } catch {
                problems.append(PropertyProblem("\(error)", at: location))
            }
            return text
        }
    }

    /// The tree with every placeholder replaced by its value in `context`.
    static func resolve(_ node: PropertyNode, in context: StepContext) throws -> PropertyNode {
        let scope = self.scope(for: context)
        return try node.mapScalars { text, _, location in
            guard text.contains("#{") else { return text }
            var output = ""
            var last = text.startIndex
            for (source, range) in try expressions(in: text) {
                output += text[last..<range.lowerBound]
                do {
                    output += try Expression(source).evaluate(Record(), in: scope).description
                } catch {
                    throw BatchError(.validation, "\(location.map { "\($0): " } ?? "")cannot resolve '#{\(source)}': \(error)")
                }
                last = range.upperBound
            }
            return output + text[last...]
        }
    }

    /// The scope of placeholders for a step.
    static func scope(for context: StepContext) -> ExpressionScope { ExpressionScope(context) }
}

/// A malformed placeholder.
struct PlaceholderError: Error {
    var message: String
}

