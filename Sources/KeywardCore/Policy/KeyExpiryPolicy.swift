import Foundation

/// The expiry a new key gets under its keyspace's policy (SPEC §11): without
/// `expiresAt` it expires at now + `maxLifetime`; a later `expiresAt` is
/// `LIFETIME_EXCEEDED`; under `requireExpiry` a key must expire. A lifetime is
/// counted from the key's creation, so an update cannot stretch it.
public enum KeyExpiryPolicy {
    public static func expiry(requested: Date?, keyspace: Keyspace, now: Date, createdAt: Date? = nil) throws(KeywardError) -> Date? {
        if let requested, requested <= now {
            throw KeywardError(.invalidField, "the expiry must lie in the future", field: "expiresAt")
        }
        guard let maxLifetime = keyspace.maxLifetime else {
            if requested == nil && keyspace.requireExpiry {
                throw KeywardError(.expiryRequired, "keyspace \(keyspace.name) requires every key to have an expiry", field: "expiresAt")
            }
            return requested
        }
        let latest = (createdAt ?? now).addingTimeInterval(maxLifetime.timeInterval)
        guard let requested else { return latest }
        if requested > latest {
            throw KeywardError(
                .lifetimeExceeded,
                "keyspace \(keyspace.name) allows keys to live at most \(maxLifetime.text); expire the key by \(Timestamp.format(latest))",
                field: "expiresAt"
            )
        }
        return requested
    }
}

extension KeywardError.Code {
    public static let expiryRequired = Self("EXPIRY_REQUIRED", .invalidInput)
}
