import Hummingbird
import KeywardCore
import KeywardEngine

/// `POST /v1/sys/keyring/rotate` (scope `admin`): a new key-encryption key and
/// everything rewrapped under it, while the server serves (SPEC §8).
struct KeyringController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("sys/keyring/rotate") { _, context in
            _ = try context.require(ManagementScope.admin)
            let result = try await engine.keyringRotation.rotate(by: context.audit)
            var view = JSONObjectBuilder()
            view.set("from", JSONValue.array(result.fromKeyIDs.map { .number(Double($0)) }))
            view.set("to", Int(result.toKeyID))
            view.set("rewrappedDataKeys", result.rewrappedDataKeys)
            view.set("rewrappedValues", result.rewrappedValues)
            return try JSONBody.response(view.object)
        }
    }
}
