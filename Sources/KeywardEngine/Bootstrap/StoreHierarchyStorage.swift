import KeywardStore
import KeywardVault

/// The store as the key hierarchy sees it.
struct StoreHierarchyStorage: KeyHierarchyStorage {
    let store: any Store

    func isEmpty() async throws -> Bool { try await store.isEmpty() }

    func systemValue(_ name: String) async throws -> [UInt8]? { try await store.systemValue(name) }

    func insertHierarchy(_ values: [(name: String, value: [UInt8])]) async throws -> Bool {
        guard let first = values.first else { return false }
        return try await store.unitOfWork { writer in
            let stored = try await writer.insertSystemValueIfAbsent(first.name, first.value)
            // Another start won: the rest came with its keyring, in its unit of work.
            guard stored == first.value else { return false }
            for (name, value) in values.dropFirst() { _ = try await writer.insertSystemValueIfAbsent(name, value) }
            return true
        }
    }

    func insertValueIfAbsent(_ name: String, _ value: [UInt8]) async throws -> [UInt8] {
        try await store.insertSystemValueIfAbsent(name, value)
    }
}
