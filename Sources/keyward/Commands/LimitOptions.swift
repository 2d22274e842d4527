import ArgumentParser
import KeywardCore

/// `--rate` on keys and keyspaces: checked here, so a typo exits 2 before any
/// request, then sent in the CLI form the server also reads.
struct RateOptions: ParsableArguments {
    @Option(name: .long, help: "Rate limit LIMIT/WINDOW[:owner], such as 100/1m or 1000/1h:owner (repeatable; replaces the list).")
    var rate: [String] = []
    @Flag(name: .customLong("clear-rate"), help: "Remove every rate limit.") var clearRate = false

    func apply(to body: inout [String: JSONValue]) throws {
        if !rate.isEmpty && clearRate { throw ValidationError("--rate and --clear-rate exclude each other") }
        do {
            var limits: [RateLimit] = []
            for text in rate { limits.append(try RateLimit(parsing: text, field: "--rate")) }
            _ = try limits.validated(field: "--rate")
        } catch {
            throw ValidationError(error.message)
        }
        if !rate.isEmpty { body["ratelimits"] = .array(rate.map(JSONValue.string)) }
        if clearRate { body["ratelimits"] = .array([]) }
    }
}

/// `--uses` and `--refill` on keys: a quota, merged into what the key has.
struct QuotaOptions: ParsableArguments {
    @Option(name: .long, help: "Quota: how many uses are left.") var uses: Int64?
    @Option(name: .long, help: "Refill the quota to N at 00:00 UTC: N/day or N/month.") var refill: String?
    @Flag(name: .customLong("no-refill"), help: "Stop refilling the quota.") var noRefill = false
    @Flag(name: .customLong("clear-quota"), help: "Remove the quota (unlimited uses).") var clearQuota = false

    func apply(to body: inout [String: JSONValue]) throws {
        if clearQuota && (uses != nil || refill != nil || noRefill) {
            throw ValidationError("--clear-quota excludes --uses, --refill and --no-refill")
        }
        if refill != nil && noRefill { throw ValidationError("--refill and --no-refill exclude each other") }
        if clearQuota {
            body["quota"] = .null
            return
        }
        var quota: [String: JSONValue] = [:]
        if let uses {
            guard (0...Quota.maximumUses).contains(uses) else { throw ValidationError("--uses must be from 0 to \(Quota.maximumUses)") }
            quota["remaining"] = .number(Double(uses))
        }
        if let refill {
            do {
                let parsed = try QuotaRefill(parsing: refill, field: "--refill")
                quota["refill"] = .object(["amount": .number(Double(parsed.amount)), "interval": .string(parsed.interval.rawValue)])
            } catch {
                throw ValidationError(error.message)
            }
        }
        if noRefill { quota["refill"] = .null }
        if !quota.isEmpty { body["quota"] = .object(quota) }
    }
}
