import SecAggBigInt
import SecAggPrimitives

/// The non-interactive proof of correct decryption: a Chaum–Pedersen proof of equal discrete logarithms,
/// `log_{c^4}(c_i²) = log_v(v_i) = Δ s_i`, made non-interactive with the Fiat–Shamir transform over SHA-256.
///
/// The prover draws `r` of ``PaillierThresholdParameters/proofNonceBitWidth`` bits, computes
/// `a = (c^4)^r`, `b = v^r`, the challenge `e = H(transcript)` and the response `z = r + e Δ s_i` over the
/// integers. The verifier recomputes `a = (c^4)^z (c_i²)^-e` and `b = v^z v_i^-e` and accepts when the hash of
/// the transcript with them equals `e`. The transcript is
///
///     "secagg/v1 paillier decryption share proof" || lp(n) || u32be(i) || lp(v) || lp(v_i) || lp(c) || lp(c_i)
///     || lp(a) || lp(b)
///
/// where `lp(x)` is the 4-byte big-endian length of `x`'s minimal big-endian bytes followed by those bytes.
enum ThresholdProof {
    /// The bit width of the challenge: the SHA-256 digest read as a big-endian integer.
    static let challengeBitWidth = 256
    /// The domain-separation prefix of the transcript.
    static let domain = Array("secagg/v1 paillier decryption share proof".utf8)
    /// The domain-separation prefix of the transcript of a batch proof over a vector of ciphertexts.
    static let batchDomain = Array("secagg/v1 paillier batch decryption proof".utf8)
    /// The domain-separation prefix of the hash that derives the batch weights.
    static let weightDomain = Array("secagg/v1 paillier batch weights".utf8)
    /// The bit width of each batch weight.
    static let weightBitWidth = 128

    /// Computes `base^exponent mod modulus` in constant time for a secret exponent, returning 1 for exponent 0.
    static func secretPower(_ base: BigInt, _ exponent: BigInt, modulus: BigInt) throws -> BigInt {
        if exponent.isZero { return 1 }
        return try base.secretPower(exponent, modulus: modulus)
    }

    /// Proves that the share `c_i = c^(2 exponent)` and the verification key `v_i = v^exponent` share the
    /// exponent `Δ s_i`.
    static func prove(
        exponent: BigInt, nonce: BigInt, holder: Int, ciphertext: BigInt, share: BigInt,
        parameters: PaillierThresholdParameters, domain: [UInt8] = ThresholdProof.domain
    ) throws -> (challenge: BigInt, response: BigInt) {
        let modulus = parameters.publicKey.modulusSquared
        let cFourth = try ciphertext.power(4, modulus: modulus)
        let a = try secretPower(cFourth, nonce, modulus: modulus)
        let b = try secretPower(parameters.verificationBase, nonce, modulus: modulus)
        let challenge = try challenge(
            holder: holder, ciphertext: ciphertext, share: share, a: a, b: b, parameters: parameters, domain: domain)
        return (challenge, nonce + challenge * exponent)
    }

    /// Verifies a decryption share's proof.
    static func verify(
        _ share: PaillierDecryptionShare, ciphertext: BigInt, parameters: PaillierThresholdParameters
    ) throws -> Bool {
        try verify(
            holder: share.holder, ciphertext: ciphertext, share: share.value, challenge: share.challenge,
            response: share.response, parameters: parameters, domain: domain)
    }

    /// Verifies the equations of a proof for one pair of ciphertext and share, single or batched.
    static func verify(
        holder: Int, ciphertext: BigInt, share: BigInt, challenge givenChallenge: BigInt, response: BigInt,
        parameters: PaillierThresholdParameters, domain: [UInt8]
    ) throws -> Bool {
        let modulus = parameters.publicKey.modulusSquared
        let verificationKey = try parameters.verificationKey(of: holder)
        let cFourth = try ciphertext.power(4, modulus: modulus)
        let shareSquared = Arithmetic.multiply(share, share, modulo: modulus)
        let negatedChallenge = -givenChallenge
        // Both shares and verification keys are validated units, so the inverses exist.
        let a = Arithmetic.multiply(
            try cFourth.power(response, modulus: modulus),
            try shareSquared.power(negatedChallenge, modulus: modulus), modulo: modulus)
        let b = Arithmetic.multiply(
            try parameters.verificationBase.power(response, modulus: modulus),
            try verificationKey.power(negatedChallenge, modulus: modulus), modulo: modulus)
        let expected = try challenge(
            holder: holder, ciphertext: ciphertext, share: share, a: a, b: b, parameters: parameters, domain: domain)
        return expected == givenChallenge
    }

    /// Derives the batch weights `ρ_1 … ρ_L` from the ciphertexts and the holder's shares, and combines both
    /// into `X = Π c_k^ρ_k` and `Y = Π c_(i,k)^ρ_k` modulo `n²`.
    ///
    /// `D = SHA-256("secagg/v1 paillier batch weights" || lp(n) || u32(i) || u32(L) || lp(c_1) … lp(c_L) ||
    /// lp(c_(i,1)) … lp(c_(i,L)))`, and `ρ_k` is the first 16 bytes of `SHA-256(D || u32(k))` read big-endian,
    /// for `k` from 1. The weights depend on every share, so a holder who cheats on one ciphertext passes the
    /// batched proof with probability about 2^-128. The reason is that the squares of `Z*_{n²}` have order
    /// `n p' q'`, whose prime factors all exceed 2^128 for keys of 2048 bits or more.
    static func batchCombination(
        holder: Int, ciphertexts: [BigInt], shares: [BigInt], parameters: PaillierThresholdParameters
    ) -> (ciphertext: BigInt, share: BigInt) {
        var hash = SHA256()
        hash.update(weightDomain)
        hash.update(lengthPrefixed(parameters.publicKey.modulus))
        hash.update(bigEndian32(holder))
        hash.update(bigEndian32(ciphertexts.count))
        for value in ciphertexts + shares {
            hash.update(lengthPrefixed(value))
        }
        let digest = hash.finalize()
        let modulus = parameters.publicKey.modulusSquared
        var combinedCiphertext = BigInt(1)
        var combinedShare = BigInt(1)
        for index in ciphertexts.indices {
            var weightHash = SHA256()
            weightHash.update(digest)
            weightHash.update(bigEndian32(index + 1))
            let weight = BigInt(bigEndianBytes: Array(weightHash.finalize().prefix(weightBitWidth / 8)))
            // The weights and values are public, so the variable-time power is fine here.
            let ciphertextPower = (try? ciphertexts[index].power(weight, modulus: modulus)) ?? BigInt(1)
            let sharePower = (try? shares[index].power(weight, modulus: modulus)) ?? BigInt(1)
            combinedCiphertext = Arithmetic.multiply(combinedCiphertext, ciphertextPower, modulo: modulus)
            combinedShare = Arithmetic.multiply(combinedShare, sharePower, modulo: modulus)
        }
        return (combinedCiphertext, combinedShare)
    }

    /// Hashes the transcript to the challenge.
    static func challenge(
        holder: Int, ciphertext: BigInt, share: BigInt, a: BigInt, b: BigInt, parameters: PaillierThresholdParameters,
        domain: [UInt8]
    ) throws -> BigInt {
        var hash = SHA256()
        hash.update(domain)
        hash.update(lengthPrefixed(parameters.publicKey.modulus))
        hash.update(bigEndian32(holder))
        hash.update(lengthPrefixed(parameters.verificationBase))
        hash.update(lengthPrefixed(try parameters.verificationKey(of: holder)))
        hash.update(lengthPrefixed(ciphertext))
        hash.update(lengthPrefixed(share))
        hash.update(lengthPrefixed(a))
        hash.update(lengthPrefixed(b))
        return BigInt(bigEndianBytes: hash.finalize())
    }

    static func lengthPrefixed(_ value: BigInt) -> [UInt8] {
        let bytes = value.bigEndianBytes()
        return bigEndian32(bytes.count) + bytes
    }

    static func bigEndian32(_ value: Int) -> [UInt8] {
        let word = UInt32(truncatingIfNeeded: value)
        return [UInt8(word >> 24), UInt8((word >> 16) & 0xff), UInt8((word >> 8) & 0xff), UInt8(word & 0xff)]
    }
}
