import SecAggBigInt
import SecAggPrimitives

/// The public parameters of threshold decryption: any `t` of `w` key holders decrypt together, and fewer learn
/// nothing about the plaintext.
///
/// This is the trusted-dealer scheme of Damgård and Jurik for `s = 1`, built on Shoup's threshold RSA. The
/// modulus is a product of safe primes `p = 2p' + 1` and `q = 2q' + 1`, and `m = p'q'`. The dealer shares the
/// secret `d` with `d ≡ 0 (mod m)` and `d ≡ 1 (mod n)` by Shamir's scheme over `Z_{nm}`, giving holder `i` the
/// share `s_i = f(i)`. With `Δ = w!`, holder `i` publishes `c_i = c^(2Δ s_i)`, and any `t` shares combine to
/// `c^(4Δ² d) = 1 + 4Δ² m' n` for the plaintext `m'`. The verification keys `v_i = v^(Δ s_i)` for a random
/// square `v` let anyone check each share's proof of correct decryption.
public struct PaillierThresholdParameters: Sendable, Hashable {
    /// The public key.
    public let publicKey: PaillierPublicKey
    /// The number of shares that decryption needs, `t`.
    public let threshold: Int
    /// The number of key holders, `w`.
    public let holderCount: Int
    /// The verification base `v`, a square in `Z*_{n²}`.
    public let verificationBase: BigInt
    /// The verification keys `v_i = v^(Δ s_i) mod n²`, holder 1 first.
    public let verificationKeys: [BigInt]
    /// `Δ = w!`.
    public let delta: BigInt

    /// The largest number of key holders.
    public static let maximumHolderCount = 255

    /// Creates parameters from their parts, for example as decoded from their binary encoding, and validates
    /// them.
    ///
    /// - Parameters:
    ///   - publicKey: The public key.
    ///   - threshold: The number of shares that decryption needs.
    ///   - holderCount: The number of key holders.
    ///   - verificationBase: The verification base `v`.
    ///   - verificationKeys: The `w` verification keys, holder 1 first.
    /// - Throws: ``PaillierError/invalidThreshold(threshold:holderCount:maximumHolderCount:)``,
    ///   ``PaillierError/malformedEncoding(type:reason:)`` for a wrong number of keys, or the ciphertext
    ///   validation errors when `v` or a `v_i` is not in `Z*_{n²}`.
    public init(
        publicKey: PaillierPublicKey, threshold: Int, holderCount: Int, verificationBase: BigInt,
        verificationKeys: [BigInt]
    ) throws {
        guard threshold >= 1, threshold <= holderCount, holderCount <= Self.maximumHolderCount else {
            throw PaillierError.invalidThreshold(
                threshold: threshold, holderCount: holderCount, maximumHolderCount: Self.maximumHolderCount)
        }
        guard verificationKeys.count == holderCount else {
            throw PaillierError.malformedEncoding(
                type: "threshold parameters",
                reason: "expected \(holderCount) verification keys, got \(verificationKeys.count)")
        }
        _ = try publicKey.ciphertext(verificationBase)
        for key in verificationKeys {
            _ = try publicKey.ciphertext(key)
        }
        self.publicKey = publicKey
        self.threshold = threshold
        self.holderCount = holderCount
        self.verificationBase = verificationBase
        self.verificationKeys = verificationKeys
        self.delta = Self.factorial(holderCount)
    }

    static func factorial(_ value: Int) -> BigInt {
        var result = BigInt(1)
        if value >= 2 {
            for factor in 2...value { result *= BigInt(factor) }
        }
        return result
    }

    /// Returns the verification key of a holder.
    func verificationKey(of holder: Int) throws -> BigInt {
        guard holder >= 1, holder <= holderCount else { throw PaillierError.unknownKeyHolder(holder: holder) }
        return verificationKeys[holder - 1]
    }

    /// The bit width of the proof's random exponent: `|n²| + |Δ| + 512`, so that the response `z = r + e Δ s_i`
    /// hides `Δ s_i < Δ n m` statistically behind a 256-bit challenge with 256 bits to spare.
    package var proofNonceBitWidth: Int {
        publicKey.modulusSquared.bitWidth + delta.bitWidth + 2 * ThresholdProof.challengeBitWidth
    }
}

/// One key holder's secret share `s_i` of the threshold decryption key.
///
/// The share lives in ``BigInt`` storage, which is wiped on release, and the description shows no value.
public struct PaillierKeyShare: Sendable, CustomStringConvertible {
    /// The holder's index `i`, from 1 to `w`.
    public let holder: Int
    /// The identifier of the public key.
    public let keyID: PaillierKeyID
    /// The share `s_i`, in `0..<n m`.
    let share: BigInt

    /// Creates a key share, for example as decoded from its encoding, and checks it against the holder's
    /// verification key: `v^(Δ s_i) = v_i`.
    ///
    /// - Parameters:
    ///   - holder: The holder's index.
    ///   - share: The secret share `s_i`.
    ///   - parameters: The public threshold parameters.
    /// - Throws: ``PaillierError/unknownKeyHolder(holder:)``, or
    ///   ``PaillierError/malformedEncoding(type:reason:)`` when the share does not match its verification key.
    public init(holder: Int, share: BigInt, parameters: PaillierThresholdParameters) throws {
        let verificationKey = try parameters.verificationKey(of: holder)
        guard share.signum() >= 0, share < parameters.publicKey.modulusSquared else {
            throw PaillierError.malformedEncoding(type: "key share", reason: "the share is out of range")
        }
        let expected = try ThresholdProof.secretPower(
            parameters.verificationBase, parameters.delta * share, modulus: parameters.publicKey.modulusSquared)
        guard expected == verificationKey else {
            throw PaillierError.malformedEncoding(
                type: "key share", reason: "the share of holder \(holder) does not match its verification key")
        }
        self.init(holder: holder, keyID: parameters.publicKey.id, uncheckedShare: share)
    }

    init(holder: Int, keyID: PaillierKeyID, uncheckedShare share: BigInt) {
        self.holder = holder
        self.keyID = keyID
        self.share = share
    }

    /// The secret share `s_i`, for known-answer vectors and tests in this package.
    package var unprotectedShare: BigInt { share }

    /// A summary without the secret share.
    public var description: String { "PaillierKeyShare(holder \(holder), key \(keyID), redacted)" }

    /// Computes this holder's decryption share of one ciphertext, with a proof that it is correct.
    ///
    /// - Parameters:
    ///   - ciphertext: A ciphertext of the parameters' key. Decrypt only aggregates, never a single
    ///     provider's ciphertext.
    ///   - parameters: The public threshold parameters.
    ///   - source: The random source for the proof, ``SystemRandom`` in production.
    /// - Returns: The decryption share.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)``.
    public func decryptionShare(
        for ciphertext: PaillierCiphertext, parameters: PaillierThresholdParameters,
        using source: inout some RandomSource
    ) throws -> PaillierDecryptionShare {
        let nonce = BigInt.random(bitWidth: parameters.proofNonceBitWidth, using: &source)
        return try decryptionShare(for: ciphertext, parameters: parameters, nonce: nonce)
    }

    /// Computes a decryption share with a given proof nonce, for known-answer vectors.
    ///
    /// - Warning: Two proofs with the same nonce reveal the share. Use it only with fixed test values.
    package func decryptionShare(
        for ciphertext: PaillierCiphertext, parameters: PaillierThresholdParameters, nonce: BigInt
    ) throws -> PaillierDecryptionShare {
        let publicKey = parameters.publicKey
        guard keyID == publicKey.id else {
            throw PaillierError.keyMismatch(expected: publicKey.id.description, actual: keyID.description)
        }
        try publicKey.checkKey(of: ciphertext)
        defer { Sodium.wipeStack(byteCount: Sodium.secretStackByteCount) }
        let exponent = parameters.delta * share
        let value = try ThresholdProof.secretPower(ciphertext.value, exponent << 1, modulus: publicKey.modulusSquared)
        let proof = try ThresholdProof.prove(
            exponent: exponent, nonce: nonce, holder: holder, ciphertext: ciphertext.value, share: value,
            parameters: parameters)
        return PaillierDecryptionShare(
            holder: holder, keyID: keyID, value: value, challenge: proof.challenge, response: proof.response)
    }
}

/// One key holder's decryption share `c_i = c^(2Δ s_i) mod n²` of a ciphertext, with a non-interactive proof
/// that `log_{c^4}(c_i²) = log_v(v_i)`.
public struct PaillierDecryptionShare: Sendable, Hashable {
    /// The holder's index `i`.
    public let holder: Int
    /// The identifier of the public key.
    public let keyID: PaillierKeyID
    /// The share `c_i`.
    public let value: BigInt
    /// The proof's challenge `e`, a 256-bit integer.
    public let challenge: BigInt
    /// The proof's response `z = r + e Δ s_i`.
    public let response: BigInt

    /// Creates a decryption share from its parts, for example as decoded from its encoding.
    ///
    /// The proof is checked when the shares are combined, or by ``PaillierThresholdParameters/verify(_:for:)``.
    /// - Parameters:
    ///   - holder: The holder's index.
    ///   - value: The share `c_i`, in `Z*_{n²}`.
    ///   - challenge: The challenge `e`.
    ///   - response: The response `z`.
    ///   - parameters: The public threshold parameters.
    /// - Throws: ``PaillierError/unknownKeyHolder(holder:)``, the ciphertext validation errors for `c_i`, or
    ///   ``PaillierError/malformedEncoding(type:reason:)`` for a challenge or response out of range.
    public init(
        holder: Int, value: BigInt, challenge: BigInt, response: BigInt, parameters: PaillierThresholdParameters
    ) throws {
        _ = try parameters.verificationKey(of: holder)
        _ = try parameters.publicKey.ciphertext(value)
        guard challenge.signum() >= 0, challenge.bitWidth <= ThresholdProof.challengeBitWidth else {
            throw PaillierError.malformedEncoding(type: "decryption share", reason: "the challenge is out of range")
        }
        guard response.signum() >= 0, response.bitWidth <= parameters.proofNonceBitWidth + 1 else {
            throw PaillierError.malformedEncoding(type: "decryption share", reason: "the response is out of range")
        }
        self.init(
            holder: holder, keyID: parameters.publicKey.id, value: value, challenge: challenge, response: response)
    }

    init(holder: Int, keyID: PaillierKeyID, value: BigInt, challenge: BigInt, response: BigInt) {
        self.holder = holder
        self.keyID = keyID
        self.value = value
        self.challenge = challenge
        self.response = response
    }
}

/// The trusted dealer that splits a private key with safe primes into key shares.
public enum PaillierThresholdDealer {
    /// Splits a private key into `w` shares, any `t` of which decrypt.
    ///
    /// The dealer learns the private key, so it must be trusted, and it must delete the private key and every
    /// share once the holders have received theirs.
    /// - Parameters:
    ///   - privateKey: A private key with safe primes (``PaillierPrivateKey/hasSafePrimes``).
    ///   - threshold: The number of shares that decryption needs, `t`.
    ///   - holderCount: The number of key holders, `w`.
    ///   - source: The random source for the polynomial and `v`, ``SystemRandom`` in production.
    /// - Returns: The public parameters and one share per holder, holder 1 first.
    /// - Throws: ``PaillierError/factorNotSafePrime(factor:)`` or
    ///   ``PaillierError/invalidThreshold(threshold:holderCount:maximumHolderCount:)``.
    public static func deal(
        privateKey: PaillierPrivateKey, threshold: Int, holderCount: Int, using source: inout some RandomSource
    ) throws -> (parameters: PaillierThresholdParameters, shares: [PaillierKeyShare]) {
        guard threshold >= 1, threshold <= holderCount, holderCount <= PaillierThresholdParameters.maximumHolderCount
        else {
            throw PaillierError.invalidThreshold(
                threshold: threshold, holderCount: holderCount,
                maximumHolderCount: PaillierThresholdParameters.maximumHolderCount)
        }
        guard privateKey.hasSafePrimes else { throw PaillierError.factorNotSafePrime(factor: "p") }
        defer { Sodium.wipeStack(byteCount: Sodium.secretStackByteCount) }
        let publicKey = privateKey.publicKey
        let n = publicKey.modulus
        let m = (privateKey.p >> 1) * (privateKey.q >> 1)
        let sharingModulus = n * m
        // d = m (m^-1 mod n) is 0 modulo m and 1 modulo n.
        let d = m * (try m.secretInverse(modulo: n))
        let coefficients = (1..<threshold).map { _ in
            BigInt.random(in: BigInt(0)...(sharingModulus - 1), using: &source)
        }
        let delta = PaillierThresholdParameters.factorial(holderCount)

        // v = r² for a random unit r of Z*_{n²}, which generates the squares with overwhelming probability.
        var r = BigInt.random(in: BigInt(1)...(publicKey.modulusSquared - 1), using: &source)
        while r.gcd(n) != 1 {
            r = BigInt.random(in: BigInt(1)...(publicKey.modulusSquared - 1), using: &source)
        }
        let verificationBase = Arithmetic.multiply(r, r, modulo: publicKey.modulusSquared)

        var shares = [BigInt]()
        var verificationKeys = [BigInt]()
        for holder in 1...holderCount {
            // Horner's rule: f(i) = d + a_1 i + ... + a_(t-1) i^(t-1) mod n m.
            var value = BigInt(0)
            for coefficient in coefficients.reversed() {
                value = try (value + coefficient).multiplied(by: BigInt(holder), modulo: sharingModulus)
            }
            value = try (value + d).modulo(sharingModulus)
            shares.append(value)
            verificationKeys.append(
                try ThresholdProof.secretPower(verificationBase, delta * value, modulus: publicKey.modulusSquared))
        }
        let parameters = try PaillierThresholdParameters(
            publicKey: publicKey, threshold: threshold, holderCount: holderCount,
            verificationBase: verificationBase, verificationKeys: verificationKeys)
        let keyShares = shares.enumerated().map { index, share in
            PaillierKeyShare(holder: index + 1, keyID: publicKey.id, uncheckedShare: share)
        }
        return (parameters, keyShares)
    }
}

// MARK: - Verification and combination

extension PaillierThresholdParameters {
    /// Checks a decryption share's proof of correct decryption.
    ///
    /// - Parameters:
    ///   - share: The decryption share.
    ///   - ciphertext: The ciphertext it claims to decrypt.
    /// - Returns: `true` when the proof holds.
    public func verify(_ share: PaillierDecryptionShare, for ciphertext: PaillierCiphertext) -> Bool {
        guard share.keyID == publicKey.id, ciphertext.keyID == publicKey.id else { return false }
        return (try? ThresholdProof.verify(share, ciphertext: ciphertext.value, parameters: self)) ?? false
    }

    /// Verifies decryption shares of one ciphertext and combines `t` of them into the raw plaintext.
    ///
    /// Every share is verified, not only the first `t`, so every cheating key holder is named.
    /// - Parameters:
    ///   - shares: Decryption shares from at least `t` distinct holders.
    ///   - ciphertext: The ciphertext.
    /// - Returns: The raw plaintext in `0..<n`.
    /// - Throws: ``PaillierError/invalidDecryptionShares(holders:)`` naming every holder whose proof failed,
    ///   ``PaillierError/notEnoughDecryptionShares(required:received:)``,
    ///   ``PaillierError/duplicateDecryptionShare(holder:)`` or ``PaillierError/unknownKeyHolder(holder:)``.
    public func combine(_ shares: [PaillierDecryptionShare], for ciphertext: PaillierCiphertext) throws -> BigInt {
        try publicKey.checkKey(of: ciphertext)
        let ordered = try checkedHolders(shares)
        let invalid = ordered.filter { !verify($0, for: ciphertext) }.map(\.holder)
        guard invalid.isEmpty else { throw PaillierError.invalidDecryptionShares(holders: invalid) }
        return try combineVerified(Array(ordered.prefix(threshold)))
    }

    /// Sorts shares by holder and checks their count, holders and key.
    func checkedHolders(_ shares: [PaillierDecryptionShare]) throws -> [PaillierDecryptionShare] {
        try checkHolders(shares.map { ($0.holder, $0.keyID) })
        return shares.sorted { $0.holder < $1.holder }
    }

    /// Checks that the holders are known and distinct, that their shares belong to this key, and that there
    /// are at least `t` of them.
    func checkHolders(_ entries: [(holder: Int, keyID: PaillierKeyID)]) throws {
        var seen = Set<Int>()
        for entry in entries {
            guard entry.holder >= 1, entry.holder <= holderCount else {
                throw PaillierError.unknownKeyHolder(holder: entry.holder)
            }
            guard seen.insert(entry.holder).inserted else {
                throw PaillierError.duplicateDecryptionShare(holder: entry.holder)
            }
            guard entry.keyID == publicKey.id else {
                throw PaillierError.keyMismatch(expected: publicKey.id.description, actual: entry.keyID.description)
            }
        }
        guard entries.count >= threshold else {
            throw PaillierError.notEnoughDecryptionShares(required: threshold, received: entries.count)
        }
    }

    /// Combines exactly `t` verified shares: `c' = Π c_i^(2 μ_i)` with the integer Lagrange coefficients
    /// `μ_i = Δ Π_{j ≠ i} j / (j - i)`, then `m = L(c') (4Δ²)^-1 mod n`.
    func combineVerified(_ shares: [PaillierDecryptionShare]) throws -> BigInt {
        let modulusSquared = publicKey.modulusSquared
        let holders = shares.map { BigInt($0.holder) }
        var combined = BigInt(1)
        for (position, share) in shares.enumerated() {
            var numerator = delta
            var denominator = BigInt(1)
            for (other, holder) in holders.enumerated() where other != position {
                numerator *= holder
                denominator *= holder - holders[position]
            }
            // Δ = w! makes the quotient an integer for any set of distinct holders in 1...w.
            let coefficient = try numerator.exactQuotient(dividingBy: denominator)
            let power = try share.value.power(coefficient << 1, modulus: modulusSquared)
            combined = Arithmetic.multiply(combined, power, modulo: modulusSquared)
        }
        let scaled = try Arithmetic.lFunction(combined, divisor: publicKey.modulus).modulo(publicKey.modulus)
        let inverse = try (delta * delta * 4).inverse(modulo: publicKey.modulus)
        return Arithmetic.multiply(scaled, inverse, modulo: publicKey.modulus)
    }
}

// MARK: - Vectors

/// One key holder's decryption shares of every ciphertext of an encrypted vector.
public struct PaillierVectorDecryptionShare: Sendable, Hashable {
    /// The holder's index.
    public let holder: Int
    /// One share per ciphertext, in the vector's order.
    public let shares: [PaillierDecryptionShare]

    /// Groups a holder's shares.
    ///
    /// - Parameters:
    ///   - holder: The holder's index.
    ///   - shares: One share per ciphertext, each from `holder`.
    /// - Throws: ``PaillierError/decryptionShareMismatch(reason:)`` when a share names another holder.
    public init(holder: Int, shares: [PaillierDecryptionShare]) throws {
        guard shares.allSatisfy({ $0.holder == holder }) else {
            throw PaillierError.decryptionShareMismatch(reason: "a share of holder \(holder) names another holder")
        }
        self.holder = holder
        self.shares = shares
    }
}

extension PaillierKeyShare {
    /// Computes this holder's decryption shares of an aggregated vector.
    ///
    /// - Warning: The summand count is the aggregator's claim. To rule out that a single update is hidden
    ///   behind encryptions of zero, the task layer must check which provider vectors went into the sum.
    /// - Parameters:
    ///   - vector: The aggregate.
    ///   - parameters: The public threshold parameters.
    ///   - minimumSummands: The fewest provider vectors that the aggregate must contain.
    ///   - source: The random source for the proofs.
    /// - Returns: The holder's shares.
    /// - Throws: ``PaillierError/tooFewSummands(minimum:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func decryptionShares(
        for vector: PaillierEncryptedVector, parameters: PaillierThresholdParameters, minimumSummands: Int,
        using source: inout some RandomSource
    ) throws -> PaillierVectorDecryptionShare {
        guard vector.summandCount >= minimumSummands else {
            throw PaillierError.tooFewSummands(minimum: minimumSummands, actual: vector.summandCount)
        }
        let shares = try vector.ciphertexts.map {
            try decryptionShare(for: $0, parameters: parameters, using: &source)
        }
        return try PaillierVectorDecryptionShare(holder: holder, shares: shares)
    }
}

extension PaillierThresholdParameters {
    /// Verifies and combines the holders' shares of an aggregated vector and unpacks every slot.
    ///
    /// - Parameters:
    ///   - shares: The vector shares of at least `t` distinct holders.
    ///   - vector: The aggregate.
    /// - Returns: One entry per value: the sum, or ``PaillierSlotSum/overflow``.
    /// - Throws: ``PaillierError/invalidDecryptionShares(holders:)`` naming every cheating holder, or the other
    ///   errors of ``combine(_:for:)``, or ``PaillierError/decryptionShareMismatch(reason:)``.
    public func combineSlots(
        _ shares: [PaillierVectorDecryptionShare], for vector: PaillierEncryptedVector
    ) throws -> [PaillierSlotSum] {
        guard vector.keyID == publicKey.id else {
            throw PaillierError.keyMismatch(expected: publicKey.id.description, actual: vector.keyID.description)
        }
        for holderShares in shares where holderShares.shares.count != vector.ciphertexts.count {
            throw PaillierError.decryptionShareMismatch(
                reason: "holder \(holderShares.holder) sent \(holderShares.shares.count) shares for "
                    + "\(vector.ciphertexts.count) ciphertexts")
        }
        var invalid = Set<Int>()
        var plaintexts = [BigInt]()
        for (index, ciphertext) in vector.ciphertexts.enumerated() {
            let ordered = try checkedHolders(shares.map { $0.shares[index] })
            for share in ordered where !verify(share, for: ciphertext) {
                invalid.insert(share.holder)
            }
            if invalid.isEmpty {
                plaintexts.append(try combineVerified(Array(ordered.prefix(threshold))))
            }
        }
        guard invalid.isEmpty else { throw PaillierError.invalidDecryptionShares(holders: invalid.sorted()) }
        var slots = [PaillierSlotSum]()
        slots.reserveCapacity(vector.valueCount)
        for (index, plaintext) in plaintexts.enumerated() {
            slots += try vector.layout.unpack(
                plaintext, summandCount: vector.summandCount, slotCount: vector.slotCount(ofCiphertext: index))
        }
        return slots
    }

    /// Verifies and combines the holders' shares of an aggregated vector to its sums.
    ///
    /// - Parameters:
    ///   - shares: The vector shares of at least `t` distinct holders.
    ///   - vector: The aggregate.
    /// - Returns: The sums, one per value.
    /// - Throws: ``PaillierError/slotOverflow(indices:count:)`` or the errors of ``combineSlots(_:for:)``.
    public func combineSums(_ shares: [PaillierVectorDecryptionShare], for vector: PaillierEncryptedVector) throws
        -> [Int64]
    {
        try PaillierSlotSum.sums(try combineSlots(shares, for: vector))
    }
}
