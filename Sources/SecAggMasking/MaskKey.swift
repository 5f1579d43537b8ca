import SecAggPrimitives

/// The public values a mask is bound to: a mask derived for one task, round, session, vector, length or
/// modulus never equals the mask for another.
///
/// The protocol fills this in once per vector of a round. All fields are public.
public struct MaskContext: Sendable, Hashable {
    /// The length of ``sessionID`` in bytes.
    public static let sessionIDByteCount = 32

    /// The training task's identifier, any bytes.
    public let taskID: [UInt8]
    /// The round number.
    public let round: UInt64
    /// A 32-byte identifier of the round, such as a hash of the keys its providers advertised. It is the HKDF
    /// salt of every mask key.
    public let sessionID: [UInt8]
    /// The name of the vector, for example `"update"`, so several vectors of one round get distinct masks. Bound
    /// as its UTF-8 bytes without Unicode normalization.
    public let vectorName: String
    /// The vector's length m in coordinates.
    public let length: Int
    /// The modulus R.
    public let modulus: Modulus

    /// Creates a context, checking the session identifier and the length.
    ///
    /// - Throws: ``MaskingError/invalidSessionID(byteCount:expected:)`` for a session identifier that is not
    ///   32 bytes, and ``MaskingError/invalidLength(length:maximum:)`` for a negative length or one above
    ///   ``ModularVector/maximumCount``.
    public init(
        taskID: [UInt8], round: UInt64, sessionID: [UInt8], vectorName: String, length: Int, modulus: Modulus
    ) throws {
        guard sessionID.count == Self.sessionIDByteCount else {
            throw MaskingError.invalidSessionID(byteCount: sessionID.count, expected: Self.sessionIDByteCount)
        }
        try ModularVector.checkCount(length)
        self.taskID = taskID
        self.round = round
        self.sessionID = sessionID
        self.vectorName = vectorName
        self.length = length
        self.modulus = modulus
    }

    /// The HKDF context fields shared by self and pairwise mask keys: task id, round (8 bytes big-endian),
    /// vector name (UTF-8), length (8 bytes big-endian) and the modulus encoding.
    var keyDerivationFields: [[UInt8]] {
        [taskID, bigEndianBytes(round), Array(vectorName.utf8), bigEndianBytes(UInt64(length)), modulus.encoded]
    }
}

/// Whether a mask is added to or subtracted from a vector.
public enum MaskSign: Sendable, Hashable {
    /// The mask is added mod R.
    case add
    /// The mask is subtracted mod R.
    case subtract

    /// The opposite sign, which removes what this sign applied.
    public var negated: MaskSign {
        self == .add ? .subtract : .add
    }
}

/// The ChaCha20 key of one mask, derived from a secret and bound to a ``MaskContext``.
///
/// A self mask belongs to one provider. A pairwise mask belongs to an unordered pair of providers, and both
/// derive the same key from their X25519 shared secret. The key itself never leaves the value, and the
/// description is redacted.
public struct MaskKey: Sendable {
    /// The HKDF label of self-mask keys.
    public static let selfMaskLabel = "masking/self"
    /// The HKDF label of pairwise-mask keys.
    public static let pairwiseMaskLabel = "masking/pairwise"
    /// The length of a self-mask seed in bytes.
    public static let seedByteCount = 32

    /// Whose mask this is.
    public enum Owner: Sendable, Hashable {
        /// The self mask of `provider`.
        case selfMask(provider: UInt32)
        /// The pairwise mask of two providers, `lower < higher`.
        case pairwise(lower: UInt32, higher: UInt32)
    }

    /// Whose mask this is.
    public let owner: Owner
    /// The values the key is bound to.
    public let context: MaskContext
    /// The 32-byte ChaCha20 key.
    package let expansionKey: SymmetricKey

    private init(owner: Owner, context: MaskContext, expansionKey: SymmetricKey) {
        self.owner = owner
        self.context = context
        self.expansionKey = expansionKey
    }

    /// Derives the key of `provider`'s self mask from its 32-byte seed.
    ///
    /// The key is HKDF-SHA-256 of the seed with the session id as salt and the label ``selfMaskLabel``. The
    /// context fields are those of ``MaskContext`` followed by the provider id (4 bytes big-endian).
    /// - Throws: ``MaskingError/invalidSeedLength(byteCount:expected:)`` for a seed that is not 32 bytes.
    public static func selfMask(seed: SecureBytes, provider: UInt32, context: MaskContext) throws -> MaskKey {
        guard seed.count == seedByteCount else {
            throw MaskingError.invalidSeedLength(byteCount: seed.count, expected: seedByteCount)
        }
        let key = try KeyDerivation.deriveSymmetricKey(
            from: seed, salt: context.sessionID, label: selfMaskLabel,
            context: context.keyDerivationFields + [bigEndianBytes(provider)])
        return MaskKey(owner: .selfMask(provider: provider), context: context, expansionKey: key)
    }

    /// Derives the key of the pairwise mask of providers `first` and `second` from their X25519 shared secret.
    ///
    /// Both providers derive the same key whatever order they pass the ids in. The key is HKDF-SHA-256 of the
    /// shared secret with the session id as salt and the label ``pairwiseMaskLabel``. The context fields are
    /// those of ``MaskContext`` followed by the lower and then the higher id (4 bytes big-endian each).
    /// - Throws: ``MaskingError/samePairwiseProvider(id:)`` when the two ids are equal.
    public static func pairwise(
        sharedSecret: X25519.SharedSecret, between first: UInt32, and second: UInt32, context: MaskContext
    ) throws -> MaskKey {
        try pairwise(secret: sharedSecret.bytes, between: first, and: second, context: context)
    }

    /// Derives a pairwise mask key from raw secret bytes, for known-answer vectors and tests. The protocol uses
    /// the X25519 variant.
    package static func pairwise(
        secret: some ContiguousByteStorage, between first: UInt32, and second: UInt32, context: MaskContext
    ) throws -> MaskKey {
        guard first != second else { throw MaskingError.samePairwiseProvider(id: first) }
        let lower = min(first, second)
        let higher = max(first, second)
        let key = try KeyDerivation.deriveSymmetricKey(
            from: secret, salt: context.sessionID, label: pairwiseMaskLabel,
            context: context.keyDerivationFields + [bigEndianBytes(lower), bigEndianBytes(higher)])
        return MaskKey(owner: .pairwise(lower: lower, higher: higher), context: context, expansionKey: key)
    }
}

extension MaskKey: CustomStringConvertible {
    /// The owner and vector, never the key.
    public var description: String {
        switch owner {
        case .selfMask(let provider):
            return "MaskKey(self mask of \(provider), \(context.vectorName), redacted)"
        case .pairwise(let lower, let higher):
            return "MaskKey(pairwise mask of \(lower) and \(higher), \(context.vectorName), redacted)"
        }
    }
}

/// One mask to apply to a vector: its key and whether it is added or subtracted.
public struct MaskTerm: Sendable {
    /// The mask's key.
    public let key: MaskKey
    /// Whether the mask is added or subtracted.
    public let sign: MaskSign

    /// Pairs a key with a sign.
    public init(key: MaskKey, sign: MaskSign) {
        self.key = key
        self.sign = sign
    }

    /// Returns the term `provider` applies to its own update for `key`.
    ///
    /// A provider adds its self mask. Of the two providers of a pairwise mask, the one with the lower id adds
    /// it and the one with the higher id subtracts it, so the two cancel in the sum.
    /// - Throws: ``MaskingError/providerNotInMask(provider:)`` when `provider` does not own the mask.
    public static func applied(by provider: UInt32, key: MaskKey) throws -> MaskTerm {
        switch key.owner {
        case .selfMask(let owner):
            guard owner == provider else { throw MaskingError.providerNotInMask(provider: provider) }
            return MaskTerm(key: key, sign: .add)
        case .pairwise(let lower, let higher):
            guard provider == lower || provider == higher else {
                throw MaskingError.providerNotInMask(provider: provider)
            }
            return MaskTerm(key: key, sign: provider == lower ? .add : .subtract)
        }
    }

    /// Returns the term that removes what `provider` applied with `key` from a sum that includes its update.
    ///
    /// The aggregator uses it for the self masks of surviving providers and for the pairwise masks between a
    /// survivor and a provider that dropped out.
    /// - Throws: ``MaskingError/providerNotInMask(provider:)`` when `provider` does not own the mask.
    public static func removal(of key: MaskKey, appliedBy provider: UInt32) throws -> MaskTerm {
        let applied = try applied(by: provider, key: key)
        return MaskTerm(key: key, sign: applied.sign.negated)
    }
}
