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

    /// Computes `base^exponent mod modulus` in constant time for a secret exponent, returning 1 for exponent 0.
    static func secretPower(_ base: BigInt, _ exponent: BigInt, modulus: BigInt) throws -> BigInt {
        if exponent.isZero { return 1 }
        return try base.secretPower(exponent, modulus: modulus)
    }

    /// Proves that the share `c_i = c^(2 exponent)` and the verification key `v_i = v^exponent` share the
    /// exponent `Δ s_i`.
    static func prove(
        exponent: BigInt, nonce: BigInt, holder: Int, ciphertext: BigInt, share: BigInt,
        parameters: PaillierThresholdParameters
    ) throws -> (challenge: BigInt, response: BigInt) {
        let modulus = parameters.publicKey.modulusSquared
        let cFourth = try ciphertext.power(4, modulus: modulus)
        let a = try secretPower(cFourth, nonce, modulus: modulus)
        let b = try secretPower(parameters.verificationBase, nonce, modulus: modulus)
        let challenge = try challenge(
            holder: holder, ciphertext: ciphertext, share: share, a: a, b: b, parameters: parameters)
        return (challenge, nonce + challenge * exponent)
    }

    /// Verifies a decryption share's proof.
    static func verify(
        _ share: PaillierDecryptionShare, ciphertext: BigInt, parameters: PaillierThresholdParameters
    ) throws -> Bool {
        let modulus = parameters.publicKey.modulusSquared
        let verificationKey = try parameters.verificationKey(of: share.holder)
        let cFourth = try ciphertext.power(4, modulus: modulus)
        let shareSquared = Arithmetic.multiply(share.value, share.value, modulo: modulus)
        let negatedChallenge = -share.challenge
        // Both shares and verification keys are validated units, so the inverses exist.
        let a = Arithmetic.multiply(
            try cFourth.power(share.response, modulus: modulus),
            try shareSquared.power(negatedChallenge, modulus: modulus), modulo: modulus)
        let b = Arithmetic.multiply(
            try parameters.verificationBase.power(share.response, modulus: modulus),
            try verificationKey.power(negatedChallenge, modulus: modulus), modulo: modulus)
        let expected = try challenge(
            holder: share.holder, ciphertext: ciphertext, share: share.value, a: a, b: b, parameters: parameters)
        return expected == share.challenge
    }

    /// Hashes the transcript to the challenge.
    static func challenge(
        holder: Int, ciphertext: BigInt, share: BigInt, a: BigInt, b: BigInt, parameters: PaillierThresholdParameters
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
