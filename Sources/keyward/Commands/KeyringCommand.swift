import ArgumentParser
import Foundation
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

/// `keyward rekey --new-master-key-file F`: the keyring sealed under a new master key (SPEC §8).
struct RekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Seal the keyring under a new master key.",
        discussion: """
            F is a path on the server's machine: the new key is read from it (mode 0600), or a new random key is \
            written there when it does not exist. Once the keyring is stored under it, the server's own key file \
            is replaced by the new key, so the next start needs nothing new (with KEYWARD_MASTER_KEY, set it to \
            the new key). Keep a copy of the new key where the database backups are not. Needs an admin token.
            """)
    @OptionGroup var options: ClientOptions
    @Option(name: .long, help: "The new master key file (read, or made when missing).") var newMasterKeyFile: String

    func run() async throws {
        let path = newMasterKeyFile.hasPrefix("/") ? newMasterKeyFile : FileManager.default.currentDirectoryPath + "/" + newMasterKeyFile
        let client = try options.client()
        let answer = try await client.send(.POST, "/v1/sys/rekey", body: .object(["newMasterKeyFile": .string(path)]))
        client.output(answer) { result in
            var text = "The keyring is sealed under the master key in \(Render.value(result["newMasterKeyFile"]))"
            text += result["createdMasterKeyFile"] == .bool(true) ? " (a new key, made now)." : "."
            if case .string(let replaced)? = result["replacedMasterKeyFile"] {
                text += "\nThe server's key file \(replaced) now holds the new key; the old key no longer opens this store."
            } else {
                text += "\nThe server's key came from KEYWARD_MASTER_KEY: set it to the new key before the next start."
            }
            return text
        }
    }
}
