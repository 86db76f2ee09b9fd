/// Which flavour of delimited text a ``CSVItemReader`` reads by default: the `csv` and the `tsv`
/// reader differ only in their defaults.
public enum CSVDialect: String, Sendable, Hashable {
    /// Comma-separated, fields quoted with `"` (RFC 4180). Default name `csv.reader`.
    case csv
    /// Tab-separated, without quoting (IANA `text/tab-separated-values`: a field cannot hold a
    /// tab or line break, and a `"` is an ordinary character). Set `quote` to read Excel-style
    /// quoted TSV. Default name `tsv.reader`.
    case tsv

    /// The default field delimiter.
    public var delimiter: Character { self == .csv ? "," : "\t" }
    /// The default quote character; nil for none.
    public var quote: Character? { self == .csv ? "\"" : nil }
    /// The default prefix of the restart state.
    public var defaultName: String { rawValue + ".reader" }
}
