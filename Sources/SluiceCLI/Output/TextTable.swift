/// A plain-text table with aligned columns, as `executions` and `show` print it: columns are
/// separated by two spaces, numbers align right, and no line has trailing spaces.
struct TextTable: Sendable {
    /// How a column's cells line up.
    enum Alignment: Sendable { case left, right }

    /// One column: its header and alignment.
    struct Column: Sendable {
        var header: String
        var alignment: Alignment = .left
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as lines: the header, then one line per row.
    func lines() -> [String] {
        let all = [columns.map(\.header)] + rows
        let widths = columns.indices.map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return all.map { cells in
            let padded = columns.indices.map { c in
                pad(c < cells.count ? cells[c] : "", to: widths[c], columns[c].alignment)
            }
            return String(padded.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    private func pad(_ text: String, to width: Int, _ alignment: Alignment) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return alignment == .left ? text + fill : fill + text
    }
}
