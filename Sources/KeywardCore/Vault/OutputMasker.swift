/// Replaces every occurrence of a secret value in a stream of bytes with `***`,
/// for `keyward run --mask`: the child's stdout and stderr pass through it.
///
/// What comes out of all `feed` calls followed by `finish` is the input with each
/// occurrence of a secret replaced, however the input was cut into chunks: the
/// input is scanned left to right, at each position the longest secret that
/// matches there is replaced and the scan goes on after it (so occurrences do
/// not overlap, and a secret that is a prefix of another does not leave the rest
/// of the longer one in clear).
///
/// `feed` holds back only the trailing bytes that could still be the start of a
/// secret, never more than the longest secret less one byte; anything else is
/// returned at once, so output without any possible secret prefix is not delayed.
/// When the stream ends, `finish` returns what was held back (a secret cut off by
/// the end of the stream is not a secret, and comes out as it was).
///
/// Very short values (1 or 2 bytes) are masked too, at every occurrence: that is
/// safe but may garble the output. Empty values are ignored; duplicates are fine.
///
/// Bounds: at most `maximumSecrets` secrets of at most `maximumSecretBytes` each
/// (`init(validating:)` checks them). Matching is a check at each position against
/// the secrets that start with the byte there, longest first: O(n × k × m) at worst
/// for k secrets of up to m bytes starting with the same byte, usually O(n).
public struct OutputMasker: Sendable {
    /// What a secret becomes.
    public static let replacement: [UInt8] = Array("***".utf8)
    /// The most secrets one masker takes.
    public static let maximumSecrets = 1_000
    /// The longest secret, in bytes: what the vault holds.
    public static let maximumSecretBytes = SecretLimits.maximumValueBytes

    /// The secrets by first byte, each bucket longest first.
    private let buckets: [[[UInt8]]]
    /// The length of the longest secret; 0 when there is none.
    public let longestSecret: Int

    /// Bytes received but not yet decided: `held[0]` may start a secret that
    /// the next bytes complete. Empty, or shorter than `longestSecret`.
    private var held: [UInt8] = []
    /// While `held` is not empty: the secrets (indices in `held[0]`'s bucket),
    /// longer than `held`, of which `held` is a prefix.
    private var candidates: [Int] = []
    /// While `held` is not empty: the longest secret that matches in full at `held[0]`, or 0.
    private var fullMatch = 0

    /// A masker for `secrets`. Empty values are ignored and duplicates are
    /// merged. This initializer does not check the bounds (it never drops a
    /// secret); use `init(validating:)` for secrets that come from input.
    public init(secrets: [[UInt8]]) {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for secret in Set(secrets) {
            guard let first = secret.first else { continue }
            buckets[Int(first)].append(secret)
        }
        for byte in buckets.indices {
            buckets[byte].sort { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        }
        self.buckets = buckets
        longestSecret = buckets.lazy.compactMap { $0.first?.count }.max() ?? 0
    }

    /// A masker for `secrets`, refusing more than `maximumSecrets` non-empty values
    /// or a value longer than `maximumSecretBytes`. The message never shows a value.
    public init(validating secrets: [[UInt8]]) throws(KeywardError) {
        let count = secrets.count(where: { !$0.isEmpty })
        guard count <= Self.maximumSecrets else {
            throw KeywardError(.maskTooLarge, "at most \(Self.maximumSecrets) values can be masked; \(count) were given")
        }
        if let index = secrets.firstIndex(where: { $0.count > Self.maximumSecretBytes }) {
            throw KeywardError(
                .maskTooLarge, "value \(index + 1) is longer than \(Self.maximumSecretBytes) bytes, the most a masked value may have")
        }
        self.init(secrets: secrets)
    }

    /// Takes the next chunk of the stream and returns the bytes that are safe to
    /// emit now, with secrets replaced. Bytes that may start a secret are kept
    /// until the next call decides them (at most `longestSecret - 1` bytes).
    public mutating func feed(_ chunk: [UInt8]) -> [UInt8] {
        guard !chunk.isEmpty else { return [] }
        guard longestSecret > 0 else { return chunk }
        let checked = held.count
        held.append(contentsOf: chunk)
        var output: [UInt8] = []
        output.reserveCapacity(held.count)
        var position = 0
        if checked > 0 {
            guard let length = resume(checked: checked) else { return [] }
            emit(length, at: 0, into: &output)
            position = max(length, 1)
        }
        position = scan(from: position, into: &output, atEnd: false)
        held.removeFirst(position)
        return output
    }

    /// Ends the stream: returns what was held back, with any secret in it
    /// replaced; a secret cut off by the end comes out as it was. The masker is
    /// then ready for a new stream.
    public mutating func finish() -> [UInt8] {
        var output: [UInt8] = []
        var position = 0
        if !held.isEmpty {
            emit(fullMatch, at: 0, into: &output)
            position = max(fullMatch, 1)
        }
        _ = scan(from: position, into: &output, atEnd: true)
        held = []
        candidates = []
        fullMatch = 0
        return output
    }

    /// Appends `***` for a match of `length` bytes at `position`, or the byte there when `length` is 0.
    private func emit(_ length: Int, at position: Int, into output: inout [UInt8]) {
        if length > 0 {
            output.append(contentsOf: Self.replacement)
        } else {
            output.append(held[position])
        }
    }

    /// Decides the positions of `held` from `position` on, appending to `output`;
    /// returns where it stopped: the end, or (unless `atEnd`) the first position
    /// that the bytes to come may still decide, with `candidates` and `fullMatch` set for it.
    private mutating func scan(from start: Int, into output: inout [UInt8], atEnd: Bool) -> Int {
        var position = start
        while position < held.count {
            let bucket = buckets[Int(held[position])]
            if bucket.isEmpty {
                output.append(held[position])
                position += 1
                continue
            }
            let available = held.count - position
            var partial: [Int] = []
            var best = 0
            for (index, secret) in bucket.enumerated() {
                if secret.count > available {
                    if !atEnd, held[position..<held.count].elementsEqual(secret[0..<available]) { partial.append(index) }
                } else if held[position..<(position + secret.count)].elementsEqual(secret) {
                    best = secret.count
                    break
                }
            }
            if !partial.isEmpty {
                candidates = partial
                fullMatch = best
                return position
            }
            emit(best, at: position, into: &output)
            position += max(best, 1)
        }
        return position
    }

    /// Carries on deciding `held[0]` now that bytes were appended after the
    /// first `checked`: the length of the longest match (0 for none) once it is
    /// decided, nil while the bytes to come may still decide it.
    private mutating func resume(checked: Int) -> Int? {
        let bucket = buckets[Int(held[0])]
        var remaining: [Int] = []
        var best = fullMatch
        for index in candidates {
            let secret = bucket[index]
            let end = min(secret.count, held.count)
            guard held[checked..<end].elementsEqual(secret[checked..<end]) else { continue }
            if secret.count <= held.count {
                best = max(best, secret.count)
            } else {
                remaining.append(index)
            }
        }
        fullMatch = best
        candidates = remaining
        return remaining.isEmpty ? best : nil
    }
}

extension KeywardError.Code {
    /// More values, or longer ones, than `OutputMasker` takes.
    public static let maskTooLarge = Self("MASK_TOO_LARGE", .tooLarge)
}
