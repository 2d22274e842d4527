import KeywardCore

extension JSONObjectReader {
    /// Rate limits: each item `{"name"?, "limit", "window", "per"?}` or the CLI
    /// form as a string (`"100/1m"`, `"1000/1h:owner"`); errors name the item.
    func rateLimits(_ name: String) throws(KeywardError) -> [RateLimit]? {
        switch members[name] {
        case nil, .null?: return nil
        case .array(let items)?:
            if items.count > RateLimit.maximumCount {
                throw KeywardError(.invalidField, "at most \(RateLimit.maximumCount) rate limits are allowed", field: name)
            }
            var limits: [RateLimit] = []
            for (index, item) in items.enumerated() {
                let field = "\(name)[\(index)]"
                switch item {
                case .string(let text): limits.append(try RateLimit(parsing: text, field: field))
                case .object(let members): limits.append(try Self.rateLimit(JSONObjectReader(members: members, path: field), field: field))
                default:
                    throw KeywardError(
                        .invalidField, "expected an object {name, limit, window, per} or a string such as 100/1m, found \(Self.kind(of: item))",
                        field: field)
                }
            }
            return try limits.validated(field: name)
        case let other?:
            throw KeywardError(.invalidField, "expected an array of rate limits, found \(Self.kind(of: other))", field: name)
        }
    }

    private static func rateLimit(_ item: JSONObjectReader, field: String) throws(KeywardError) -> RateLimit {
        try item.rejectUnknownFields(allowed: ["name", "limit", "window", "per"])
        guard let limit = try item.integer("limit", in: 1...Int(RateLimit.maximumLimit)) else {
            throw KeywardError(.missingField, "the field is required", field: "\(field).limit")
        }
        guard let windowText = try item.string("window", maxLength: 32) else {
            throw KeywardError(.missingField, "the field is required (1s, 1m, 1h, 1d)", field: "\(field).window")
        }
        let window = try DurationText(parsing: windowText, field: "\(field).window")
        var per = RateLimit.Per.key
        if let text = try item.string("per", maxLength: 16) {
            guard let given = RateLimit.Per(rawValue: text) else {
                throw KeywardError(.invalidField, "expected key or owner", field: "\(field).per")
            }
            per = given
        }
        let name = try item.string("name", maxLength: RateLimit.maximumNameBytes)
        return try RateLimit(name: name, limit: Int64(limit), window: window, per: per, field: field)
    }

    /// A quota change: `null` clears it; `{"remaining"?, "refill"?}` sets what
    /// it names, `"refill": null` removes the refill.
    func quotaChange(_ name: String) throws(KeywardError) -> QuotaChange? {
        switch members[name] {
        case nil: return nil
        case .null?: return .clear
        case .object(let members)?:
            let quota = JSONObjectReader(members: members, path: name)
            try quota.rejectUnknownFields(allowed: ["remaining", "refill"])
            let remaining = try quota.integer("remaining", in: 0...Int(Quota.maximumUses)).map(Int64.init)
            var refill: QuotaRefill??
            switch members["refill"] {
            case nil: refill = nil
            case .null?: refill = .some(nil)
            case .object(let fields)?:
                refill = .some(try Self.refill(JSONObjectReader(members: fields, path: "\(name).refill"), field: "\(name).refill"))
            case let other?:
                throw KeywardError(
                    .invalidField, "expected an object {amount, interval} or null, found \(Self.kind(of: other))", field: "\(name).refill")
            }
            if remaining == nil, refill == nil, members.isEmpty {
                throw KeywardError(.invalidField, "name remaining or refill (or send null to remove the quota)", field: name)
            }
            return .set(remaining: remaining, refill: refill)
        case let other?:
            throw KeywardError(.invalidField, "expected an object {remaining, refill} or null, found \(Self.kind(of: other))", field: name)
        }
    }

    private static func refill(_ item: JSONObjectReader, field: String) throws(KeywardError) -> QuotaRefill {
        try item.rejectUnknownFields(allowed: ["amount", "interval"])
        guard let amount = try item.integer("amount", in: 0...Int(Quota.maximumUses)) else {
            throw KeywardError(.missingField, "the field is required", field: "\(field).amount")
        }
        guard let text = try item.string("interval", maxLength: 16), let interval = QuotaRefill.Interval(rawValue: text) else {
            throw KeywardError(.invalidField, "expected daily or monthly", field: "\(field).interval")
        }
        return try QuotaRefill(amount: Int64(amount), interval: interval, field: "\(field).amount")
    }
}
