import SecAggBigInt
import SecAggPrimitives

/// One key holder's decryption shares of every ciphertext of an encrypted vector, with a single proof for all
/// of them.
///
/// Proving each share separately costs two extra exponentiations with exponents longer than `n²` per
/// ciphertext, for the holder and again for every verifier. The batch proof first combines the ciphertexts and
/// the shares with 128-bit weights derived from all of them, `X = Π c_k^ρ_k` and `Y = Π c_(i,k)^ρ_k`, and then
/// proves `log_{X^4}(Y²) = log_v(v_i)` once, with the transcript prefix
/// `"secagg/v1 paillier batch decryption proof"`. A share that is wrong for any ciphertext makes the proof fail
/// except with probability about 2^-128.
public struct PaillierBatchDecryptionShare: Sendable, Hashable {
    /// The holder's index `i`.
    public let holder: Int
    /// The identifier of the public key.
    public let keyID: PaillierKeyID
    /// The shares `c_(i,k) = c_k^(2Δ s_i) mod n²`, one per ciphertext, in the vector's order.
    public let values: [BigInt]
    /// The proof's challenge `e`.
    public let challenge: BigInt
    /// The proof's response `z`.
    public let response: BigInt

    /// Creates a batch share from its parts, for example as decoded from its encoding, and validates the ranges.
    ///
    /// - Parameters:
    ///   - holder: The holder's index.
    ///   - values: The shares, each in `Z*_{n²}`.
    ///   - challenge: The challenge `e`, at most 256 bits.
    ///   - response: The response `z`.
    ///   - parameters: The public threshold parameters.
    /// - Throws: ``PaillierError/unknownKeyHolder(holder:)``, the ciphertext validation errors for a share, or
    ///   ``PaillierError/malformedEncoding(type:reason:)`` for a challenge or response out of range.
    public init(
        holder: Int, values: [BigInt], challenge: BigInt, response: BigInt, parameters: PaillierThresholdParameters
    ) throws {
        _ = try parameters.verificationKey(of: holder)
        for value in values {
            _ = try parameters.publicKey.ciphertext(value)
        }
        guard challenge.signum() >= 0, challenge.bitWidth <= ThresholdProof.challengeBitWidth else {
            throw PaillierError.malformedEncoding(
                type: "batch decryption share", reason: "the challenge is out of range")
        }
        guard response.signum() >= 0, response.bitWidth <= parameters.proofNonceBitWidth + 1 else {
            throw PaillierError.malformedEncoding(
                type: "batch decryption share", reason: "the response is out of range")
        }
        self.init(
            holder: holder, keyID: parameters.publicKey.id, values: values, challenge: challenge, response: response)
    }

    init(holder: Int, keyID: PaillierKeyID, values: [BigInt], challenge: BigInt, response: BigInt) {
        self.holder = holder
        self.keyID = keyID
        self.values = values
        self.challenge = challenge
        self.response = response
    }
}

extension PaillierKeyShare {
    /// Computes this holder's decryption shares of an aggregated vector with one batch proof.
    ///
    /// - Warning: The summand count is the aggregator's claim. To rule out that a single update is hidden
    ///   behind encryptions of zero, the task layer must check which provider vectors went into the sum.
    /// - Parameters:
    ///   - vector: The aggregate.
    ///   - parameters: The public threshold parameters.
    ///   - minimumSummands: The fewest provider vectors that the aggregate must contain.
    ///   - source: The random source for the proof, ``SystemRandom`` in production.
    /// - Returns: The holder's batch share.
    /// - Throws: ``PaillierError/tooFewSummands(minimum:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func batchDecryptionShare(
        for vector: PaillierEncryptedVector, parameters: PaillierThresholdParameters, minimumSummands: Int,
        using source: inout some RandomSource
    ) throws -> PaillierBatchDecryptionShare {
        let nonce = BigInt.random(bitWidth: parameters.proofNonceBitWidth, using: &source)
        return try batchDecryptionShare(
            for: vector, parameters: parameters, minimumSummands: minimumSummands, nonce: nonce)
    }

    /// Computes a batch share with a given proof nonce, for known-answer vectors.
    ///
    /// - Warning: Two proofs with the same nonce reveal the share. Use it only with fixed test values.
    package func batchDecryptionShare(
        for vector: PaillierEncryptedVector, parameters: PaillierThresholdParameters, minimumSummands: Int,
        nonce: BigInt
    ) throws -> PaillierBatchDecryptionShare {
        let publicKey = parameters.publicKey
        guard keyID == publicKey.id, vector.keyID == publicKey.id else {
            throw PaillierError.keyMismatch(expected: publicKey.id.description, actual: vector.keyID.description)
        }
        guard vector.summandCount >= minimumSummands else {
            throw PaillierError.tooFewSummands(minimum: minimumSummands, actual: vector.summandCount)
        }
        defer { Sodium.wipeStack(byteCount: Sodium.secretStackByteCount) }
        let exponent = parameters.delta * share
        let ciphertexts = vector.ciphertexts.map(\.value)
        let values = try ciphertexts.map {
            try ThresholdProof.secretPower($0, exponent << 1, modulus: publicKey.modulusSquared)
        }
        let combined = ThresholdProof.batchCombination(
            holder: holder, ciphertexts: ciphertexts, shares: values, parameters: parameters)
        let proof = try ThresholdProof.prove(
            exponent: exponent, nonce: nonce, holder: holder, ciphertext: combined.ciphertext, share: combined.share,
            parameters: parameters, domain: ThresholdProof.batchDomain)
        return PaillierBatchDecryptionShare(
            holder: holder, keyID: keyID, values: values, challenge: proof.challenge, response: proof.response)
    }
}

extension PaillierThresholdParameters {
    /// Checks a batch share's proof against the vector it claims to decrypt.
    ///
    /// - Parameters:
    ///   - share: The batch share.
    ///   - vector: The aggregate.
    /// - Returns: `true` when the share has one value per ciphertext and the proof holds.
    public func verify(_ share: PaillierBatchDecryptionShare, for vector: PaillierEncryptedVector) -> Bool {
        guard share.keyID == publicKey.id, vector.keyID == publicKey.id,
            share.values.count == vector.ciphertexts.count
        else { return false }
        let combined = ThresholdProof.batchCombination(
            holder: share.holder, ciphertexts: vector.ciphertexts.map(\.value), shares: share.values,
            parameters: self)
        let verified = try? ThresholdProof.verify(
            holder: share.holder, ciphertext: combined.ciphertext, share: combined.share, challenge: share.challenge,
            response: share.response, parameters: self, domain: ThresholdProof.batchDomain)
        return verified ?? false
    }

    /// Verifies the holders' batch shares of an aggregated vector, combines `t` of them per ciphertext and
    /// unpacks every slot.
    ///
    /// Every batch share is verified, so every cheating holder is named.
    /// - Parameters:
    ///   - shares: The batch shares of at least `t` distinct holders.
    ///   - vector: The aggregate.
    /// - Returns: One entry per value: the sum, or ``PaillierSlotSum/overflow``.
    /// - Throws: ``PaillierError/invalidDecryptionShares(holders:)`` naming every holder whose proof failed,
    ///   ``PaillierError/notEnoughDecryptionShares(required:received:)``,
    ///   ``PaillierError/duplicateDecryptionShare(holder:)``, ``PaillierError/unknownKeyHolder(holder:)`` or
    ///   ``PaillierError/keyMismatch(expected:actual:)``.
    public func combineSlots(
        _ shares: [PaillierBatchDecryptionShare], for vector: PaillierEncryptedVector
    ) throws -> [PaillierSlotSum] {
        guard vector.keyID == publicKey.id else {
            throw PaillierError.keyMismatch(expected: publicKey.id.description, actual: vector.keyID.description)
        }
        try checkHolders(shares.map { ($0.holder, $0.keyID) })
        let ordered = shares.map(\.holder).sorted()
        let byHolder = Dictionary(uniqueKeysWithValues: shares.map { ($0.holder, $0) })
        let invalid = ordered.filter { holder in byHolder[holder].map { !verify($0, for: vector) } ?? true }
        guard invalid.isEmpty else { throw PaillierError.invalidDecryptionShares(holders: invalid) }
        let chosen = ordered.prefix(threshold).compactMap { byHolder[$0] }
        var slots = [PaillierSlotSum]()
        slots.reserveCapacity(vector.valueCount)
        for index in vector.ciphertexts.indices {
            let perCiphertext = chosen.map {
                PaillierDecryptionShare(
                    holder: $0.holder, keyID: $0.keyID, value: $0.values[index], challenge: $0.challenge,
                    response: $0.response)
            }
            let plaintext = try combineVerified(perCiphertext)
            slots += try vector.layout.unpack(
                plaintext, summandCount: vector.summandCount, slotCount: vector.slotCount(ofCiphertext: index))
        }
        return slots
    }

    /// Verifies and combines the holders' batch shares of an aggregated vector to its sums.
    ///
    /// - Parameters:
    ///   - shares: The batch shares of at least `t` distinct holders.
    ///   - vector: The aggregate.
    /// - Returns: The sums, one per value.
    /// - Throws: ``PaillierError/slotOverflow(indices:count:)`` or the errors of ``combineSlots(_:for:)``.
    public func combineSums(_ shares: [PaillierBatchDecryptionShare], for vector: PaillierEncryptedVector) throws
        -> [Int64]
    {
        try PaillierSlotSum.sums(try combineSlots(shares, for: vector))
    }
}
