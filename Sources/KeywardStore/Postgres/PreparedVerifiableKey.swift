import PostgresNIO

/// `SQLPreparedRead.verifiableKey` as a statement PostgresNIO prepares once per
/// connection, under this type's name. Rows come back as they are; the store
/// reads them as it reads every other row.
struct PreparedVerifiableKey: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static let sql = PostgresPlaceholders.number(SQLPreparedRead.verifiableKey.sql)

    /// The key's hash (BYTEA).
    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
