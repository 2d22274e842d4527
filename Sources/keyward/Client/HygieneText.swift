import KeywardCore

/// The hygiene report for people: a count per section, then the first records of each.
enum HygieneText {
    static let sections: [(name: String, title: String)] = [
        ("compromisedSecrets", "compromised secrets (rotate them now)"),
        ("overdueSecrets", "secrets past their rotation"),
        ("stale", "stale keys"),
        ("neverUsed", "keys never used"),
        ("expiringSoon", "keys expiring soon"),
        ("pastRotation", "keys past their rotation period"),
        ("noExpiry", "keys without an expiry"),
        ("unrestricted", "unrestricted keys (no scopes, allowlist or rate limit)"),
    ]

    static func render(_ answer: [String: JSONValue], show: Int) -> String {
        let sectionsObject = answer["sections"]?.objectValue ?? [:]
        let truncated = Set((answer["truncated"]?.arrayValue ?? []).compactMap(\.stringValue))
        let unusedFor = answer["unusedFor"]?.stringValue ?? "?"
        var lines = ["Hygiene report, \(answer["generatedAt"]?.stringValue ?? "now") (stale: unused for \(unusedFor))"]
        for section in sections {
            let items = sectionsObject[section.name]?.arrayValue?.compactMap(\.objectValue) ?? []
            let count = truncated.contains(section.name) ? "\(items.count)+" : "\(items.count)"
            lines.append("")
            lines.append("\(count.padding(toLength: 6, withPad: " ", startingAt: 0)) \(section.title)")
            for item in items.prefix(show) { lines.append("         " + describe(item)) }
            if items.count > show && show > 0 { lines.append("         … \(items.count - show) more (--json for all)") }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ item: [String: JSONValue]) -> String {
        if let path = item["path"]?.stringValue {
            var text = path
            if let source = item["compromisedSource"]?.stringValue { text += "  leaked in \(source)" }
            if let due = item["rotationDueAt"]?.stringValue { text += "  due \(due)" }
            return text
        }
        var text = (item["id"]?.stringValue ?? "?") + "  " + (item["keyspace"]?.stringValue ?? "")
        if let name = item["name"]?.stringValue { text += "  \(name)" }
        if let last = item["lastUsedAt"]?.stringValue { text += "  last used \(last)" }
        if case .number(let age)? = item["ageDays"] { text += "  age \(Int(age))d" }
        if let expires = item["expiresAt"]?.stringValue { text += "  expires \(expires)" }
        return text
    }
}
