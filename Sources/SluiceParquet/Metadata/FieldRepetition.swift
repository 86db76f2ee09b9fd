/// Whether a Parquet schema node is required, optional or repeated (Thrift `FieldRepetitionType`).
enum FieldRepetition: Int32, Sendable {
    case required = 0
    case optional = 1
    case repeated = 2
}
