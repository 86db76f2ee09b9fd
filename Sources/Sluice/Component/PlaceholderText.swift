/// The `#{...}` and `${...}` placeholders inside configuration strings: where each one ends.
///
/// Shared by the job loader (which resolves them) and the registry (which neutralises them
/// before a component's checks run), so both read a placeholder the same way.
public enum PlaceholderText {
    /// The index of the `}` closing the placeholder whose body starts at `start`, skipping braces
    /// inside single- or double-quoted strings; nil when it is not closed.
    public static func closingBrace(in text: String, from start: String.Index) -> String.Index? {
        var quote: Character?
        var index = start
        while index < text.endIndex {
            let ch = text[index]
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "}" {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `text` with every `#{...}` and `${...}` replaced by `replacement` (an unclosed one runs to
    /// the end of the text).
    public static func replacingPlaceholders(in text: String, with replacement: String) -> String {
        guard text.contains("#{") || text.contains("${") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if (text[index] == "#" || text[index] == "$"), next < text.endIndex, text[next] == "{" {
                output += replacement
                let body = text.index(after: next)
                index = closingBrace(in: text, from: body).map { text.index(after: $0) } ?? text.endIndex
            } else {
                output.append(text[index])
                index = next
            }
        }
        return output
    }
}
