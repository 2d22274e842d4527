import Hummingbird
import KeywardCore
import KeywardEngine

/// `POST /v1/sys/keyring/rotate` (scope `admin`): a new key-encryption key and
/// everything rewrapped under it, while the server serves; `POST /v1/sys/rekey`
/// (scope `admin`): the keyring sealed under a new master key (SPEC §8).
struct KeyringController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("sys/keyring/rotate") { request, context in
            _ = try context.require(ManagementScope.admin)
            try await context.requireStepUp(request, engine: engine)
            let result = try await engine.keyringRotation.rotate(by: context.audit)
            var view = JSONObjectBuilder()
            view.set("from", JSONValue.array(result.fromKeyIDs.map { .number(Double($0)) }))
            view.set("to", Int(result.toKeyID))
            view.set("rewrappedDataKeys", result.rewrappedDataKeys)
            view.set("rewrappedValues", result.rewrappedValues)
            return try JSONBody.response(view.object)
        }
        group.post("sys/rekey") { request, context in
            _ = try context.require(ManagementScope.admin)
            try await context.requireStepUp(request, engine: engine)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["newMasterKeyFile"])
            let file = try body.requiredString("newMasterKeyFile", maxLength: 1024)
            guard file.hasPrefix("/") else {
                throw KeywardError(.invalidField, "an absolute path on the server's machine", field: "newMasterKeyFile")
            }
            let result = try await engine.rekey.rekey(newKeyFile: file, by: context.audit)
            var view = JSONObjectBuilder()
            view.set("newMasterKeyFile", result.newKeyFile)
            view.set("createdMasterKeyFile", result.createdKeyFile)
            view.set("replacedMasterKeyFile", result.replacedKeyFile)
            return try JSONBody.response(view.object)
        }
    }
}
