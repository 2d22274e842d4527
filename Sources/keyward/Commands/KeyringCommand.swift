import ArgumentParser
import KeywardCore

/// `keyward keyring rotate`: a new key-encryption key (SPEC §8).
struct KeyringCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyring",
        abstract: "Manage the keyring of key-encryption keys.",
        subcommands: [Rotate.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new key-encryption key, rewrap every data key, the pepper and the audit keys under it, and destroy the old one.",
            discussion: "The server keeps serving while it runs. Needs an admin token; audited as keyring.rotate.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.POST, "/v1/sys/keyring/rotate")
            client.output(answer) { result in
                "Rotated the keyring: key-encryption key \(Render.value(result["to"])) is current, "
                    + "\(Render.value(result["rewrappedDataKeys"])) data keys and \(Render.value(result["rewrappedValues"])) hierarchy values rewrapped, "
                    + "old keys \(Render.value(result["from"])) destroyed."
            }
        }
    }
}
