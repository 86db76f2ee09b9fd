import Sluice

/// Properties of the `http` reader: GET a JSON API and read the objects of an array in each
/// page, following the pages by a next link or a page/offset query parameter.
public struct HTTPReaderProperties: Decodable, Sendable, HTTPClientProperties {
    /// The first page's URL.
    public var url: String
    /// The method (default GET).
    public var method: String?
    /// Request headers.
    public var headers: [String: String]?
    /// The dotted path of the item array in the body (`data.items`); absent: the body is the array.
    public var items: String?
    /// The dotted path of the next page's URL in the body (absolute or relative); null or absent ends.
    public var next: String?
    /// Pages by a page-number query parameter; an empty page ends.
    public var page: Counter?
    /// Pages by an offset query parameter that advances by the items read; an empty page ends.
    public var offset: Counter?
    /// The prefix of the reader's restart keys in the step context (default `http.reader`).
    public var name: String?
    /// The longest one request may take (default 30s).
    public var timeout: DurationText?
    /// `http://[user:password@]host:port`.
    public var proxy: String?
    /// `system`, a DNS server `ADDRESS:PORT`, or `{ server:, mocks: }`.
    public var dns: HTTPDNSSetting?
    /// A PEM file of extra trusted CA certificates.
    public var caFile: String?

    /// A query parameter that counts pages or items.
    public struct Counter: Decodable, Sendable {
        /// The parameter name (`page`, `offset`).
        public var param: String
        /// Its first value (default 1 for pages, 0 for offsets).
        public var start: Int?
    }

    /// Exactly one way of paging, at most.
    func check(_ node: PropertyNode) throws {
        let modes = [next != nil, page != nil, offset != nil].filter { $0 }.count
        if modes > 1 {
            throw PropertyProblems([PropertyProblem("the http reader pages by one of 'next', 'page' or 'offset', not several", at: node.location)])
        }
    }
}
