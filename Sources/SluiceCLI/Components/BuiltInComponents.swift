import Sluice
import SluiceExpression
import SluiceFiles
import SluiceHTTP
import SluiceParquetComponents
import SluiceSQL
import SluiceSQLite
import SluicePostgres
#if MySQL
import SluiceMySQL
#endif

extension ComponentRegistry {
    /// Every component the `sluice` tool knows by name: the file and `parquet` readers and writers, `transform`
    /// and `validate`, the tasklets, the `files` and `range` partitioners, the `http` reader, writer and tasklet, and the `sql`
    /// components (SQLite, PostgreSQL, and MySQL/MariaDB when built with `--traits MySQL`). Start
    /// from it to add your own.
    public static var builtIn: ComponentRegistry {
        var registry = ComponentRegistry()
        registry.registerFileComponents()
        registry.registerParquetComponents()
        registry.registerExpressionProcessors()
        registry.registerTasklets()
        registry.registerPartitioners()
        SQLComponents(drivers: Self.sqlDrivers).register(in: &registry)
        HTTPComponents.register(in: &registry)
        return registry
    }

    mutating func registerFileComponents() {
        registerReader("csv", properties: CSVReaderProperties.self) { try CSVItemReader(properties: $0, baseDirectory: $1.baseDirectory) }
        registerReader("tsv", properties: CSVReaderProperties.self) {
            try CSVItemReader(properties: $0, baseDirectory: $1.baseDirectory, dialect: .tsv)
        }
        registerReader("ndjson", properties: NDJSONReaderProperties.self) { try NDJSONItemReader(properties: $0, baseDirectory: $1.baseDirectory) }
        registerReader("json", properties: JSONArrayReaderProperties.self) {
            try JSONArrayItemReader(properties: $0, baseDirectory: $1.baseDirectory)
        }
        registerReader("fixed", properties: FixedWidthReaderProperties.self) {
            try FixedWidthItemReader(properties: $0, baseDirectory: $1.baseDirectory)
        }
        registerWriter("csv", properties: CSVItemWriter.Properties.self) { try CSVItemWriter(properties: $0, baseDirectory: $1.baseDirectory) }
        registerWriter("tsv", properties: CSVItemWriter.Properties.self) {
            try CSVItemWriter(properties: $0, baseDirectory: $1.baseDirectory, dialect: .tsv)
        }
        registerWriter("ndjson", properties: NDJSONItemWriter.Properties.self) {
            try NDJSONItemWriter(properties: $0, baseDirectory: $1.baseDirectory)
        }
        registerWriter("json", properties: JSONItemWriter.Properties.self) { try JSONItemWriter(properties: $0, baseDirectory: $1.baseDirectory) }
        registerWriter("log", properties: LogItemWriter.Properties.self) { LogItemWriter(properties: $0, logger: $1.logger) }
    }

    mutating func registerParquetComponents() {
        registerReader("parquet", properties: ParquetItemReader.Properties.self) {
            try ParquetItemReader(properties: $0, baseDirectory: $1.baseDirectory)
        }
        registerWriter("parquet", properties: ParquetItemWriter.Properties.self) {
            try ParquetItemWriter(properties: $0, baseDirectory: $1.baseDirectory)
        }
    }

    mutating func registerExpressionProcessors() {
        registerProcessor("transform", properties: TransformProperties.self, check: { props, node in
            do throws(ProcessorPropertyError) { _ = try TransformProcessor(properties: props) } catch { throw Self.problems(error, node) }
        }) { props, context in try TransformProcessor(properties: props, scope: Self.scope(context)) }
        registerProcessor("validate", properties: ValidateProperties.self, check: { props, node in
            do throws(ProcessorPropertyError) { _ = try ValidateProcessor(properties: props) } catch { throw Self.problems(error, node) }
        }) { props, context in try ValidateProcessor(properties: props, scope: Self.scope(context)) }
    }

    mutating func registerTasklets() {
        registerTasklet("noop", properties: NoopTasklet.Properties.self) { try NoopTasklet(properties: $0, baseDirectory: $1.baseDirectory) }
        registerTasklet("sleep", properties: SleepTasklet.Properties.self) {
            SleepTasklet(properties: $0, baseDirectory: $1.baseDirectory, stopSignal: $1.step?.stopSignal)
        }
        registerTasklet("shell", properties: ShellTasklet.Properties.self) {
            try ShellTasklet(properties: $0, baseDirectory: $1.baseDirectory, stopSignal: $1.step?.stopSignal)
        }
        registerTasklet("file", properties: FileTasklet.Properties.self) { try FileTasklet(properties: $0, baseDirectory: $1.baseDirectory) }
    }

    mutating func registerPartitioners() {
        registerPartitioner("files", properties: FilePartitioner.Properties.self) {
            FilePartitioner(glob: $0.glob, baseDirectory: $1.baseDirectory)
        }
        registerPartitioner("range", properties: RangeProperties.self) { props, _ in RangePartitioner(min: props.min, max: props.max) }
    }

    /// Properties of the `range` partitioner.
    struct RangeProperties: Decodable, Sendable {
        var min: Int
        var max: Int
    }

    /// Expressions in processors see the step's late-bound values too.
    private static func scope(_ context: ComponentContext) -> ExpressionScope {
        context.step.map { ExpressionScope($0) } ?? .empty
    }

    /// A processor's property error, located at the property it names (`set.total` → that key).
    private static func problems(_ error: ProcessorPropertyError, _ node: PropertyNode) -> PropertyProblems {
        var located = node
        for part in error.property.split(separator: ".") {
            guard let next = located[String(part)] ?? located[String(part).replacingOccurrences(of: "_", with: "-")] else { break }
            located = next
        }
        return PropertyProblems([PropertyProblem(error.message, at: located.location)])
    }
}

extension ComponentRegistry {
    /// The database drivers built into this executable.
    public static var sqlDrivers: [any DatabaseDriver] {
        #if MySQL
        [SQLiteDriver(), PostgresDriver(), MySQLDriver()]
        #else
        [SQLiteDriver(), PostgresDriver()]
        #endif
    }
}
