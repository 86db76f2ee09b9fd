import Foundation
import Synchronization

/// A paged JSON API for the reader tests: `/items?page=N` (2 items a page, pages 1–3, then an
/// empty page), `/feed` and `/feed?cursor=N` with next links in `links.next`, and error routes.
enum PagedAPI {
    static let pageSize = 2
    static let pageCount = 3

    static func item(_ n: Int) -> String { #"{"id":\#(n),"name":"item-\#(n)","tags":["a","b"]}"# }

    /// Item `n` as the http writer sends it: the nested array was read as its JSON text.
    static func written(_ n: Int) -> String { #"{"id":\#(n),"name":"item-\#(n)","tags":"[\"a\",\"b\"]"}"# }

    static func query(_ uri: String, _ name: String) -> Int? {
        URLComponents(string: uri)?.queryItems?.first { $0.name == name }?.value.flatMap(Int.init)
    }

    /// Answers the routes; pages in `failing` answer 500 once (and are removed from it).
    static func respond(_ request: ReceivedRequest, failing: LockedValue<Set<Int>>? = nil) -> CannedResponse {
        let path = URLComponents(string: request.uri)?.path ?? request.uri
        switch path {
        case "/items":
            let page = query(request.uri, "page") ?? 1
            if failing?.withLock({ $0.remove(page) }) != nil { return CannedResponse(status: 500, body: "page \(page) is on fire") }
            guard page <= pageCount else { return CannedResponse(body: "[]") }
            let first = (page - 1) * pageSize + 1
            return CannedResponse(body: "[" + (first..<first + pageSize).map(item).joined(separator: ",") + "]")
        case "/feed":
            let cursor = query(request.uri, "cursor") ?? 1
            let next = cursor < pageCount ? #""/feed?cursor=\#(cursor + 1)""# : "null"
            let first = (cursor - 1) * pageSize + 1
            let items = (first..<first + pageSize).map(item).joined(separator: ",")
            return CannedResponse(body: #"{"data":{"items":[\#(items)]},"links":{"next":\#(next)}}"#)
        case "/broken": return CannedResponse(body: #"[{"id":1},{"id":2,]"#)
        case "/scalars": return CannedResponse(body: #"[{"id":1},42]"#)
        case "/missing": return CannedResponse(status: 404, body: "no such thing")
        case "/unavailable": return CannedResponse(status: 503, body: "try later")
        case "/slow": return CannedResponse(silent: true)
        case "/sink": return CannedResponse(status: 201, body: "{}")
        default: return CannedResponse(status: 404, body: "unknown route \(path)")
        }
    }
}
