import Foundation

/// The verification pipeline of SPEC §4 over an already looked-up key.
///
/// It runs the checks in order and stops at the first failure. Parsing (step 1)
/// happens before any lookup; the lookup itself (step 3) is the caller's, so this
/// type does no I/O and is tested with plain values.
public enum KeyVerifier {
    /// Step 1: the key parses and its checksum holds. Management tokens are not
    /// keys of any keyspace.
    public static func parse(_ text: String) -> APIKey? {
        guard let key = APIKey(parsing: text), !key.isManagementToken else { return nil }
        return key
    }

    /// Steps 3 and 4 for a found (or not found) key, at `now`. `keyspace` is
    /// the requested keyspace's name or id, when the request names one.
    public static func check(_ found: VerifiableKey?, keyspace: String?, at now: Date) -> VerificationCode {
        guard let found else { return .notFound }
        if let keyspace, keyspace != found.keyspaceName, keyspace != found.record.keyspaceId {
            return .notFound
        }
        switch found.record.state(at: now) {
        case .revoked: return .revoked
        case .disabled: return .disabled
        case .expired: return .expired
        case .active: return .valid
        }
    }
}
