import Foundation
import KeywardCore
import KeywardEngine

/// The public JSON shapes of the vault. Only `value` answers ever hold a value.
enum SecretViews {
    /// A secret's record: `{path, version, rotateEvery, rotationDueAt,
    /// rotationOverdue, compromised, compromisedAt?, compromisedSource?,
    /// createdAt, updatedAt}`.
    static func record(_ record: SecretRecord, now: Date) -> JSONObjectBuilder {
        var view = JSONObjectBuilder()
        view.set("path", record.path.rawValue)
        view.set("version", record.currentVersion)
        view.set("rotateEvery", record.rotateEvery?.text)
        view.set("rotationDueAt", record.rotationDueAt)
        view.set("rotationOverdue", record.isRotationOverdue(at: now))
        view.set("compromised", record.compromisedAt != nil)
        if let at = record.compromisedAt {
            view.set("compromisedAt", at)
            view.set("compromisedSource", record.compromisedSource)
        }
        view.set("createdAt", record.createdAt)
        view.set("updatedAt", record.updatedAt)
        return view
    }

    /// One kept version, without its value: `{version, createdAt, createdBy, current}`.
    static func version(_ version: SecretVersion, current: Int) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set("version", version.version)
        view.set("createdAt", version.createdAt)
        view.set("createdBy", version.createdBy)
        view.set("current", version.version == current)
        return view.object
    }

    /// A value read: `value` when the bytes are UTF-8, else `valueBase64` (SPEC §11).
    static func value(_ read: SecretService.Read) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set("path", read.version.path.rawValue)
        view.set("version", read.version.version)
        if let text = String(validating: read.value, as: UTF8.self) {
            view.set("value", text)
        } else {
            view.set("valueBase64", Data(read.value).base64EncodedString())
        }
        view.set("createdAt", read.version.createdAt)
        view.set("createdBy", read.version.createdBy)
        return view.object
    }
}
