import Foundation
import Logging
import SQLKit
import Sluice

/// A tasklet that runs SQL statements — a list, or a `.sql` file split into statements — in one
/// transaction: all of them take effect, or none.
///
/// When the step's transaction (``Sluice/ActiveTransaction/current``) is an ``SQLTransaction`` on
/// the same database, the statements run in it and commit together with the step's checkpoint
/// (use `TaskletStep(...).transactionManager(SQLTransactionManager(database))`); otherwise the
/// tasklet opens and commits its own transaction.
///
/// Each text is split into statements (see ``SQLScript``), so `"a; b"` runs as two statements.
/// Transaction control (`BEGIN`, `COMMIT`, `ROLLBACK`, `START TRANSACTION`, `END`) is refused, as
/// it would break the single transaction; savepoints are allowed. A failing statement rolls
/// everything back and fails the step with a ``Sluice/BatchError`` of the driver's category that
/// names the statement's number, and for a file its path and line. The number of statements run is
/// stored in the step's execution context under ``statementsKey``.
public struct SQLTasklet: Tasklet {
    /// Where the SQL comes from.
    public enum Source: Sendable, Hashable {
        /// Statement texts, run in order.
        case statements([String])
        /// A UTF-8 `.sql` file, read when the tasklet runs.
        case file(String)
    }

    /// The step execution context key holding how many statements ran.
    public static let statementsKey = "sql.statements"

    /// The database the statements run on.
    public let database: DatabaseConnection
    /// The statements or the file.
    public let source: Source

    /// A tasklet running `statements` in order.
    public init(_ database: DatabaseConnection, statements: [String]) {
        self.database = database
        source = .statements(statements)
    }

    /// A tasklet running the statements of the `.sql` file at `path` (read when it runs, so an
    /// earlier step may write it).
    public init(_ database: DatabaseConnection, file path: String) {
        self.database = database
        source = .file(path)
    }

    /// The statements to run, split and checked; errors name the file and line.
    public func script() throws -> [SQLScript.Statement] {
        let family = database.driver.family
        let statements: [SQLScript.Statement]
        switch source {
        case .statements(let texts):
            statements = try texts.enumerated().flatMap { i, text in
                try SQLScript.split(text, family: family, source: nil, label: "SQL text \(i + 1)")
            }
        case .file(let path):
            statements = try SQLScript.split(try Self.read(path), family: family, source: path)
        }
        for (i, statement) in statements.enumerated() where statement.isTransactionControl {
            throw BatchError(.validation, "\(Self.position(i, of: statements.count, statement)): \(statement.leadingWords.joined(separator: " ")) "
                + "is transaction control, which the SQL tasklet does itself: all statements run in one transaction")
        }
        return statements
    }

    /// Runs every statement in one transaction (the step's, or its own), records
    /// ``statementsKey``, and finishes.
    public func execute(_ context: inout TaskletContext) async throws -> RepeatStatus {
        let statements = try script()
        let executed: Int
        if statements.isEmpty {
            executed = 0  // nothing to run: no transaction (on SQLite, no write lock)
        } else if let transaction = ActiveTransaction.current as? SQLTransaction, transaction.database === database {
            executed = try await run(statements, on: transaction.sql, logger: context.step.logger)
        } else {
            let logger = context.step.logger
            executed = try await database.transaction { db in try await run(statements, on: db, logger: logger) }
        }
        context.executionContext[Self.statementsKey] = .int(executed)
        return .finished
    }

    private func run(_ statements: [SQLScript.Statement], on db: any SQLDatabase, logger: Logger) async throws -> Int {
        for (i, statement) in statements.enumerated() {
            try Task.checkCancellation()
            logger.debug("running SQL statement", metadata: ["statement": "\(i + 1)", "of": "\(statements.count)",
                                                             "source": "\(statement.source ?? "list")", "line": "\(statement.line)"])
            do {
                try await db.raw(SQLQueryString(statement.text)).run()
            } catch {
                throw SQLFailure.wrap(error, connection: database, action: Self.position(i, of: statements.count, statement))
            }
        }
        return statements.count
    }

    /// `SQL statement 3 of 5 (setup.sql, line 12)`, or `SQL statement 3 of 5` for a statement list.
    static func position(_ index: Int, of count: Int, _ statement: SQLScript.Statement) -> String {
        let number = "SQL statement \(index + 1) of \(count)"
        guard let source = statement.source else { return number }
        return number + " (\(source), line \(statement.line))"
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BatchError(.io, "cannot read SQL file \(path)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw BatchError(.parse, "SQL file \(path) is not valid UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}

/// Splits SQL text into statements the way the databases' own shells do: on `;` outside
/// quoted strings and identifiers, comments and PostgreSQL dollar quotes.
///
/// - `'...'` strings (`''` escapes a quote; on MySQL, and in PostgreSQL `E'...'`, so does `\'`),
///   `"..."` identifiers, and `` `...` `` on MySQL and SQLite, `[...]` on SQLite;
/// - `-- ...` line comments (also `# ...` on MySQL) and `/* ... */` comments (nested on PostgreSQL);
/// - PostgreSQL dollar quotes `$$...$$` and `$tag$...$tag$`;
/// - bodies of `CREATE TRIGGER/FUNCTION/PROCEDURE ... BEGIN ... END` (SQLite triggers, PostgreSQL
///   `BEGIN ATOMIC`), whose inner `;` do not end the statement.
///
/// Statements that hold only whitespace and comments are dropped. An unterminated string, quote or
/// comment is a `parse` error naming the line where it starts.
public enum SQLScript {
    /// One statement of a script.
    public struct Statement: Sendable, Hashable {
        /// The statement without its `;`, from its first token to its last (inner comments kept).
        public let text: String
        /// The 1-based line where the statement starts.
        public let line: Int
        /// The file the statement comes from, or nil for a statement given as text.
        public let source: String?
        /// The statement's first two words, upper-cased.
        let leadingWords: [String]

        /// Whether it begins or ends a transaction (`BEGIN`, `START TRANSACTION`, `COMMIT`, `END`,
        /// `ROLLBACK` but not `ROLLBACK TO` a savepoint, `ABORT`).
        public var isTransactionControl: Bool {
            guard let first = leadingWords.first else { return false }
            let second = leadingWords.count > 1 ? leadingWords[1] : nil
            switch first {
            case "BEGIN", "COMMIT", "END", "ABORT": return true
            case "START": return second == "TRANSACTION"
            case "ROLLBACK": return second != "TO"
            default: return false
            }
        }
    }

    /// The statements of `text` in `family`'s syntax; `source` (a file path) is recorded in each
    /// statement and names the text in parse errors.
    public static func split(_ text: String, family: SQLFamily, source: String? = nil) throws -> [Statement] {
        try split(text, family: family, source: source, label: source ?? "SQL text")
    }

    static func split(_ text: String, family: SQLFamily, source: String?, label: String) throws -> [Statement] {
        var scanner = Scanner(bytes: Array(text.utf8), family: family, source: source, label: label)
        return try scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        let family: SQLFamily
        let source: String?
        let label: String
        var i = 0
        var line = 1
        var statements: [Statement] = []
        // The statement being read.
        var start: Int?
        var startLine = 0
        var end = 0
        var words: [String] = []
        var wordCount = 0
        var routine = false
        var depth = 0
        var previousWord = ""

        init(bytes: [UInt8], family: SQLFamily, source: String?, label: String) {
            self.bytes = bytes
            self.family = family
            self.source = source
            self.label = label
        }

        mutating func run() throws -> [Statement] {
            while i < bytes.count {
                let c = bytes[i]
                let next: UInt8? = i + 1 < bytes.count ? bytes[i + 1] : nil
                switch c {
                case UInt8(ascii: "\n"):
                    line += 1
                    i += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                    i += 1
                case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                    skipLineComment()
                case UInt8(ascii: "#") where family == .mysql:
                    skipLineComment()
                case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                    try skipBlockComment()
                case UInt8(ascii: ";") where depth == 0:
                    finishStatement()
                    i += 1
                default:
                    try token()
                }
            }
            finishStatement()
            return statements
        }

        /// Reads one token of content (a quoted part, a word or a single character).
        mutating func token() throws {
            if start == nil {
                start = i
                startLine = line
                words = []
                wordCount = 0
                routine = false
                depth = 0
                previousWord = ""
            }
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "'"):
                let escapes = family == .mysql || (family == .postgres && precededByEPrefix())
                try skipQuoted(close: c, backslashEscapes: escapes, what: "string")
            case UInt8(ascii: "\""):
                try skipQuoted(close: c, backslashEscapes: family == .mysql, what: "quoted identifier")
            case UInt8(ascii: "`") where family != .postgres:
                try skipQuoted(close: c, backslashEscapes: false, what: "quoted identifier")
            case UInt8(ascii: "[") where family == .sqlite:
                try skipQuoted(close: UInt8(ascii: "]"), backslashEscapes: false, what: "bracketed identifier", doubling: false)
            case UInt8(ascii: "$") where family == .postgres && !(i > 0 && Self.isWordByte(bytes[i - 1])):
                if let tagEnd = dollarTagEnd() {
                    try skipDollarQuoted(tag: Array(bytes[i...tagEnd]))
                } else {
                    i += 1
                }
            case _ where Self.isWordStart(c):
                var j = i
                while j < bytes.count, Self.isWordByte(bytes[j]) { j += 1 }
                word(String(decoding: bytes[i..<j], as: UTF8.self).uppercased())
                i = j
            default:
                i += 1
            }
            end = i
        }

        /// Tracks the statement's first words and, in routines, `BEGIN ... END` nesting.
        mutating func word(_ w: String) {
            wordCount += 1
            if words.count < 2 { words.append(w) }
            if words.first == "CREATE", wordCount <= 6, ["TRIGGER", "FUNCTION", "PROCEDURE", "EVENT"].contains(w) { routine = true }
            if routine {
                switch w {
                case "BEGIN": depth += 1
                case "CASE" where previousWord != "END": depth += 1
                case "END": depth = max(0, depth - 1)
                default:
                    // MySQL's `END IF` / `END LOOP`: the IF opened nothing, so undo the END.
                    if previousWord == "END", ["IF", "LOOP", "WHILE", "REPEAT"].contains(w) { depth += 1 }
                }
            }
            previousWord = w
        }

        mutating func finishStatement() {
            defer { start = nil; depth = 0 }
            guard let s = start else { return }
            let text = String(decoding: bytes[s..<end], as: UTF8.self)
            statements.append(Statement(text: text, line: startLine, source: source, leadingWords: words))
        }

        mutating func skipLineComment() {
            while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
        }

        mutating func skipBlockComment() throws {
            let opened = line
            var nesting = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                    if nesting == 0 || family == .postgres { nesting += 1 }
                    i += 2
                } else if bytes[i] == UInt8(ascii: "*"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") {
                    nesting -= 1
                    i += 2
                    if nesting == 0 { return }
                } else {
                    if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
            }
            throw BatchError(.parse, "\(label): unterminated /* comment starting at line \(opened)")
        }

        /// Skips from the opening quote at `i` past the closing one; a doubled closing quote is
        /// part of the text.
        mutating func skipQuoted(close: UInt8, backslashEscapes: Bool, what: String, doubling: Bool = true) throws {
            let opened = line
            i += 1
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\n") { line += 1 }
                if backslashEscapes, c == UInt8(ascii: "\\") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { line += 1 }
                    i += 2
                    continue
                }
                i += 1
                if c == close {
                    if doubling, i < bytes.count, bytes[i] == close { i += 1; continue }
                    return
                }
            }
            throw BatchError(.parse, "\(label): unterminated \(what) starting at line \(opened)")
        }

        /// Whether the `'` at `i` opens a PostgreSQL escape string: `E'...'` with `E` not part of a
        /// longer word.
        func precededByEPrefix() -> Bool {
            guard i > 0, bytes[i - 1] == UInt8(ascii: "E") || bytes[i - 1] == UInt8(ascii: "e") else { return false }
            return i < 2 || !Self.isWordByte(bytes[i - 2])
        }

        /// The index of the closing `$` of a dollar-quote tag starting at `i`, or nil when the `$`
        /// does not open one (`$1` is a parameter).
        func dollarTagEnd() -> Int? {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "$") { return j }
            guard j < bytes.count, Self.isWordStart(bytes[j]) else { return nil }
            while j < bytes.count, Self.isWordByte(bytes[j]), bytes[j] != UInt8(ascii: "$") { j += 1 }
            return j < bytes.count && bytes[j] == UInt8(ascii: "$") ? j : nil
        }

        mutating func skipDollarQuoted(tag: [UInt8]) throws {
            let opened = line
            i += tag.count
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "$"), i + tag.count <= bytes.count, bytes[i..<(i + tag.count)].elementsEqual(tag) {
                    i += tag.count
                    return
                }
                if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                i += 1
            }
            let name = String(decoding: tag, as: UTF8.self)
            throw BatchError(.parse, "\(label): unterminated dollar-quoted string \(name) starting at line \(opened)")
        }

        static func isWordStart(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || c == UInt8(ascii: "_") || c >= 0x80
        }

        static func isWordByte(_ c: UInt8) -> Bool {
            isWordStart(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "$")
        }
    }
}
