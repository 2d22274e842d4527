import Foundation

/// The canonical bytes of an audit entry, which the chain hashes (docs/audit.md):
///
///     "keyward-audit-v1" ‖ u64be(seq) ‖ i64be(time in ms since 1970)
///     ‖ field(actor kind) ‖ field(actor id) ‖ field(actor start)
///     ‖ field(action) ‖ field(target) ‖ field(outcome) ‖ field(sourceIp) ‖ field(details)
///
/// where `field(nil) = 0x00` and `field(text) = 0x01 ‖ u32be(byte count) ‖ UTF-8 bytes`.
/// Lengths make the encoding unambiguous: no two entries share their bytes.
/// `details` is the stored canonical JSON text, byte for byte.
public enum AuditCanonical {
    static let tag = Array("keyward-audit-v1".utf8)

    public static func bytes(
        seq: Int64, time: Date, actor: AuditActor, action: String, target: String?, outcome: String, sourceIP: String?, detailsJSON: String
    ) -> [UInt8] {
        var out = tag
        out.reserveCapacity(tag.count + 16 + 8 * 5 + actor.id.utf8.count + action.utf8.count + 64 + detailsJSON.utf8.count)
        append(UInt64(bitPattern: seq), to: &out)
        append(UInt64(bitPattern: Int64((time.timeIntervalSince1970 * 1000).rounded())), to: &out)
        field(actor.kind.rawValue, to: &out)
        field(actor.id, to: &out)
        field(actor.start, to: &out)
        field(action, to: &out)
        field(target, to: &out)
        field(outcome, to: &out)
        field(sourceIP, to: &out)
        field(detailsJSON, to: &out)
        return out
    }

    /// `0x00` for nil, else `0x01 ‖ u32be(byte count) ‖ UTF-8 bytes`, written in place.
    private static func field(_ text: String?, to out: inout [UInt8]) {
        guard let text else {
            out.append(0)
            return
        }
        out.append(1)
        append32(UInt32(truncatingIfNeeded: text.utf8.count), to: &out)
        out.append(contentsOf: text.utf8)
    }

    public static func bytes(of entry: AuditEntry) -> [UInt8] {
        bytes(
            seq: entry.seq, time: entry.time, actor: entry.actor, action: entry.action, target: entry.target, outcome: entry.outcome,
            sourceIP: entry.sourceIP, detailsJSON: entry.detailsJSON)
    }

    private static func append(_ value: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func append32(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
