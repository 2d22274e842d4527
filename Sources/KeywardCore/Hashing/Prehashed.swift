/// A dictionary key whose hash is computed once, where it is built, instead of
/// on every lookup. Verification looks the same few keys up on every request
/// (a key's usage slot, its rate windows, its quota lease); those keys are
/// built once, when a key is cached (`VerifiableKey`), so a lookup hashes one
/// word instead of the key's strings.
///
/// The stored hash is the value's own seeded `hashValue`, so collisions are as
/// hard to provoke as with the value itself; equality still compares values.
public struct Prehashed<Value: Hashable & Sendable>: Hashable, Sendable {
    public let value: Value
    private let hash: Int

    public init(_ value: Value) {
        self.value = value
        self.hash = value.hashValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    public static func == (lhs: Prehashed, rhs: Prehashed) -> Bool {
        lhs.hash == rhs.hash && lhs.value == rhs.value
    }
}
