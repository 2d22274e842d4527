import KeywardStore
import KeywardVault

/// The store as the key hierarchy sees it.
struct StoreHierarchyStorage: KeyHierarchyStorage {
    let store: any Store

    func isEmpty() async throws -> Bool { try await store.isEmpty() }

    func systemValue(_ name: String) async throws -> [UInt8]? { try await store.systemValue(name) }

    func insertHierarchy(keyring: [UInt8], pepper: [UInt8]) async throws -> Bool {
        try await store.unitOfWork { writer in
            let stored = try await writer.insertSystemValueIfAbsent(KeyHierarchy.keyringName, keyring)
            // Another start won: its pepper came with its keyring, in its unit of work.
            guard stored == keyring else { return false }
            _ = try await writer.insertSystemValueIfAbsent(KeyHierarchy.pepperName, pepper)
            return true
        }
    }
}
