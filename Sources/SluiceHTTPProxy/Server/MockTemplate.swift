/// Fills `{{request.path}}`-style placeholders of mock bodies.
enum MockTemplate {
    /// The text with placeholders replaced from the request; unknown ones become empty.
    static func render(_ template: String, request: ProxyRequest) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += value(of: name, request: request)
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    private static func value(of name: String, request: ProxyRequest) -> String {
        switch name {
        case "request.path": return request.pathWithoutQuery
        case "request.query":
            guard let index = request.path.firstIndex(of: "?") else { return "" }
            return String(request.path[request.path.index(after: index)...])
        case "request.method": return request.method
        case "request.host": return request.host
        case "request.url": return request.url
        case "request.user": return request.user ?? ""
        case "request.job": return request.job ?? ""
        default:
            if name.hasPrefix("request.header.") {
                return request.headers.first(name: String(name.dropFirst("request.header.".count))) ?? ""
            }
            return ""
        }
    }
}
