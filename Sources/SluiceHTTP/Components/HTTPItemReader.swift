import Foundation
import Sluice

/// Reads the objects of a JSON API's pages as ``Sluice/Record``s, one page in memory at a time:
/// the `http` reader.
///
/// Paging: by the next link found at a path in the body (`next: links.next`), by a page number
/// (`page: { param: page }`) or an offset (`offset: { param: offset }`) query parameter (an empty
/// page ends), or none (one request).
///
/// Restart state (`NAME.url`, `NAME.cursor`, `NAME.index`): the page to fetch and how many of its
/// items were committed; once a page is used up the next page's URL is saved, so a restart
/// resumes at the next page without asking for the finished ones again.
///
/// Errors: HTTP failures as ``JobHTTPClient`` classifies them (the page is asked for again on
/// retry); a body that is not JSON, or has no array at `items`, is a `parse` error naming the page
/// and the byte offset; an element that is not an object is a `parse` error naming the item, and
/// is consumed, so a skip moves on.
public actor HTTPItemReader: ItemReader, ItemStream {
    public typealias Item = Record

    /// How pages follow each other.
    enum Paging: Sendable {
        case none
        case nextLink(path: String)
        case pageNumber(param: String, start: Int)
        case offset(param: String, start: Int)
    }

    let client: JobHTTPClient
    let firstURL: String
    let method: String
    let headers: [(name: String, value: String)]
    let itemsPath: String?
    let paging: Paging
    /// The prefix of the restart keys.
    public let name: String
    let label: String

    private var pageURL = ""
    private var cursor = 0
    private var skipOnLoad = 0
    private var items: [JSONDocument] = []
    private var position = 0
    private var loaded = false
    private var nextPage: (url: String, cursor: Int)?
    private var pagesRead = 0

    /// A reader from job-file properties.
    public init(properties: HTTPReaderProperties, client: JobHTTPClient, componentName: String = "http") throws {
        self.client = client
        firstURL = properties.url
        method = properties.method ?? "GET"
        headers = (properties.headers ?? [:]).headerList
        itemsPath = properties.items
        if let next = properties.next {
            paging = .nextLink(path: next)
        } else if let page = properties.page {
            paging = .pageNumber(param: page.param, start: page.start ?? 1)
        } else if let offset = properties.offset {
            paging = .offset(param: offset.param, start: offset.start ?? 0)
        } else {
            paging = .none
        }
        name = properties.name ?? "http.reader"
        label = "\(componentName) reader"
        guard URLComponents(string: properties.url)?.host != nil else {
            throw BatchError(.validation, "\(label): url '\(JobHTTPRequest.redacted(properties.url))' is not an absolute http:// or https:// URL")
        }
    }

    /// Starts at the first page, or where the saved state says.
    public func open(_ context: ExecutionContext) async throws {
        loaded = false
        items = []
        position = 0
        if let saved = context.string("\(name).url") {
            pageURL = saved
            cursor = context.int("\(name).cursor") ?? 0
            skipOnLoad = context.int("\(name).index") ?? 0
        } else {
            cursor = startCursor
            pageURL = try url(withCursor: cursor, base: firstURL)
            skipOnLoad = 0
        }
    }

    /// Saves the page to fetch on restart and the items of it already handed out.
    public func update(_ context: inout ExecutionContext) async throws {
        if loaded, position >= items.count, let nextPage {
            context["\(name).url"] = .string(nextPage.url)
            context["\(name).cursor"] = .int(nextPage.cursor)
            context["\(name).index"] = .int(0)
        } else {
            context["\(name).url"] = .string(pageURL)
            context["\(name).cursor"] = .int(cursor)
            context["\(name).index"] = .int(loaded ? position : skipOnLoad)
        }
    }

    /// The next record, or nil after the last page.
    public func read() async throws -> Record? {
        while true {
            if !loaded { try await load() }
            if position < items.count {
                let index = position
                position += 1
                guard let record = items[index].record else {
                    throw BatchError(.parse, "\(label): item \(index + 1) of page \(JobHTTPRequest.redacted(pageURL)) is \(items[index].kindName), not an object")
                }
                return record
            }
            guard let nextPage else { return nil }
            pageURL = nextPage.url
            cursor = nextPage.cursor
            skipOnLoad = 0
            loaded = false
        }
    }

    /// The number of pages fetched since ``open(_:)`` (for tests and logs).
    public var pagesFetched: Int { pagesRead }

    private var startCursor: Int {
        switch paging {
        case .pageNumber(_, let start), .offset(_, let start): start
        case .none, .nextLink: 0
        }
    }

    /// Fetches and parses the page at `pageURL`.
    private func load() async throws {
        let request = JobHTTPRequest(method: method, url: pageURL, headers: [(name: "Accept", value: "application/json")] + headers)
        let response = try await client.send(request)
        pagesRead += 1
        let document: JSONDocument
        do { document = try JSONDocument.parse(response.body) } catch {
            throw BatchError(.parse, "\(label): page \(request.summary) is not JSON: \(error)")
        }
        let list = itemsPath.map { document.value(at: $0) } ?? document
        guard case .array(let elements) = list else {
            let found = list?.kindName ?? "nothing"
            let place = itemsPath.map { "at '\($0)'" } ?? "as the body"
            throw BatchError(.parse, "\(label): page \(request.summary) has \(found) \(place), not an array of items")
        }
        items = elements
        position = min(skipOnLoad, elements.count)
        loaded = true
        nextPage = try following(document, count: elements.count)
    }

    /// The page after the one just loaded, nil at the end.
    private func following(_ document: JSONDocument, count: Int) throws -> (url: String, cursor: Int)? {
        switch paging {
        case .none:
            return nil
        case .nextLink(let path):
            guard case .string(let link) = document.value(at: path), !link.isEmpty else { return nil }
            guard let resolved = URL(string: link, relativeTo: URL(string: pageURL))?.absoluteString else {
                throw BatchError(.parse, "\(label): the next link at '\(path)' of page \(JobHTTPRequest.redacted(pageURL)) is not a URL")
            }
            return (resolved, cursor + 1)
        case .pageNumber:
            guard count > 0 else { return nil }
            return (try url(withCursor: cursor + 1, base: pageURL), cursor + 1)
        case .offset:
            guard count > 0 else { return nil }
            return (try url(withCursor: cursor + count, base: pageURL), cursor + count)
        }
    }

    /// `base` with the paging parameter set to `value` (unchanged without a parameter).
    private func url(withCursor value: Int, base: String) throws -> String {
        let param: String
        switch paging {
        case .pageNumber(let p, _), .offset(let p, _): param = p
        case .none, .nextLink: return base
        }
        guard var parts = URLComponents(string: base) else {
            throw BatchError(.validation, "\(label): '\(JobHTTPRequest.redacted(base))' is not a URL")
        }
        var query = (parts.queryItems ?? []).filter { $0.name != param }
        query.append(URLQueryItem(name: param, value: String(value)))
        parts.queryItems = query
        return parts.string ?? base
    }
}
