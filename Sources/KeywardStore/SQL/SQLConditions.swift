/// The WHERE clause of a filtered list, built one condition at a time with
/// its binds, so a filter's fields each cost one line.
struct SQLConditions {
    private(set) var clauses: [String] = []
    private(set) var binds: [SQLValue] = []

    /// Adds `clause` with its binds (one per `?`).
    mutating func add(_ clause: String, _ values: SQLValue...) {
        clauses.append(clause)
        binds += values
    }

    /// `clause = ?` when `value` is given.
    mutating func equal(_ column: String, _ value: String?) {
        guard let value else { return }
        add("\(column) = ?", .text(value))
    }

    /// The clauses joined by AND; with none, a condition every row meets.
    var sql: String { clauses.isEmpty ? "1 = 1" : clauses.joined(separator: " AND ") }
}
