/// Errors thrown by the Paillier module.
///
/// Payloads name the check that failed and public facts such as bit widths, holder indices and value positions.
/// They never contain a plaintext, a prime, a key share or any other secret value.
public enum PaillierError: Error, Equatable, Sendable {
    // MARK: Keys

    /// A modulus bit width outside the range that the key policy accepts.
    case modulusSizeOutOfRange(bitWidth: Int, minimum: Int, maximum: Int)
    /// A requested key size that key generation does not support, for example an odd bit width.
    case unsupportedKeySize(bitWidth: Int, reason: String)
    /// An even modulus.
    case modulusEven
    /// A modulus with a prime factor below 2^16, which no valid key has. The factor follows from the public
    /// modulus, so it is not secret.
    case modulusHasSmallFactor(factor: Int)
    /// A modulus that is a prime or a perfect square, so it is not the product of two distinct primes.
    case modulusNotProductOfTwoPrimes
    /// A private key whose primes do not multiply to the modulus of its public key.
    case primesDoNotMatchModulus
    /// A private key whose two primes are equal.
    case primesEqual
    /// A private key whose primes differ in bit width. Each must have half the bit width of the modulus.
    case primeSizesDiffer(firstBitWidth: Int, secondBitWidth: Int)
    /// A private key whose primes are so close that Fermat's method factors the modulus: `|p - q|` must exceed
    /// `2^boundExponent`.
    case primesTooClose(boundExponent: Int)
    /// A private key factor that is not prime. `factor` is `"p"` or `"q"`.
    case factorNotPrime(factor: String)
    /// A factor that is not a safe prime where threshold decryption needs one. `factor` is `"p"` or `"q"`.
    case factorNotSafePrime(factor: String)
    /// A key for which `gcd(n, φ(n)) ≠ 1`, so decryption would not be unique.
    case modulusNotCoprimeToTotient
    /// A value that belongs to a different public key than the one used, for example a ciphertext of another key.
    case keyMismatch(expected: String, actual: String)

    // MARK: Ciphertexts and plaintexts

    /// A ciphertext outside `1..<n²`.
    case ciphertextOutOfRange
    /// A ciphertext that shares a factor with `n`, so it is not in `Z*_{n²}`.
    case ciphertextNotUnit
    /// A raw plaintext outside `0..<n`.
    case plaintextOutOfRange
    /// An encryption randomness `r` that is not in `Z*_n`, or a fast-mode exponent of the wrong size.
    case invalidRandomness(reason: String)

    // MARK: Encodings

    /// A value outside the signed window `[-W, W]`, where `windowBitWidth` is the bit width of `W`.
    case valueOutsideWindow(windowBitWidth: Int)
    /// A decrypted value in the overflow band between `W` and `n - W`: a sum left the signed window.
    case overflow
    /// A signed window that is not positive or not below `n / 3`.
    case invalidWindow
    /// A fixed-point value that is infinite or not a number.
    case valueNotFinite
    /// Fixed-point values with different exponents, or an exponent that the context does not use.
    case exponentMismatch(expected: Int, actual: Int)
    /// A fixed-point exponent outside the range this module accepts.
    case exponentOutOfRange(exponent: Int, minimum: Int, maximum: Int)

    // MARK: Packing

    /// Packing parameters that do not fit, for example slots that do not fit in one plaintext.
    case invalidPackingLayout(reason: String)
    /// A value to pack that lies outside `[-(2^b - 1), 2^b - 1]`. `index` is its position in the input.
    case valueOutOfSlotRange(index: Int, valueBitWidth: Int)
    /// A sum of more encrypted vectors than the guard bits of the layout allow.
    case summandLimitExceeded(limit: Int, count: Int)
    /// A slot count that is negative or larger than the ``PaillierPackingLayout/slotsPerCiphertext`` of the layout.
    case slotCountOutOfRange(count: Int, slotsPerCiphertext: Int)
    /// Packed sums that overflowed their slots. `indices` lists the value positions, at most 16 of them, and
    /// `count` is the number of overflowing slots.
    case slotOverflow(indices: [Int], count: Int)
    /// Encrypted vectors with different layouts or value counts, which cannot be added.
    case layoutMismatch(reason: String)
    /// An aggregate of fewer encrypted vectors than decryption requires.
    case tooFewSummands(minimum: Int, actual: Int)

    // MARK: Threshold decryption

    /// Threshold parameters outside `1 <= t <= w <= maximum`.
    case invalidThreshold(threshold: Int, holderCount: Int, maximumHolderCount: Int)
    /// A key holder index outside `1...w`.
    case unknownKeyHolder(holder: Int)
    /// Fewer decryption shares than the threshold.
    case notEnoughDecryptionShares(required: Int, received: Int)
    /// Two decryption shares from the same key holder.
    case duplicateDecryptionShare(holder: Int)
    /// Decryption shares whose proof of correct decryption failed. `holders` names every cheating key holder.
    case invalidDecryptionShares(holders: [Int])
    /// Decryption shares for a different ciphertext or a different number of ciphertexts than expected.
    case decryptionShareMismatch(reason: String)

    // MARK: Encodings on the wire and in JSON

    /// Bytes that are not a valid binary encoding of `type`.
    case malformedEncoding(type: String, reason: String)
    /// JSON that is not a valid python-paillier key or ciphertext.
    case malformedJSON(reason: String)
}

extension PaillierError: CustomStringConvertible {
    /// A sentence that names what failed and, where it helps, what to do.
    public var description: String {
        switch self {
        case .modulusSizeOutOfRange(let bitWidth, let minimum, let maximum):
            return "invalid Paillier key: the modulus has \(bitWidth) bits, expected \(minimum) to \(maximum)"
        case .unsupportedKeySize(let bitWidth, let reason):
            return "unsupported Paillier key size of \(bitWidth) bits: \(reason)"
        case .modulusEven:
            return "invalid Paillier key: the modulus is even"
        case .modulusHasSmallFactor(let factor):
            return "invalid Paillier key: the modulus is divisible by \(factor)"
        case .modulusNotProductOfTwoPrimes:
            return "invalid Paillier key: the modulus is a prime or a perfect square"
        case .primesDoNotMatchModulus:
            return "invalid Paillier private key: p * q differs from the modulus of the public key"
        case .primesEqual:
            return "invalid Paillier private key: p equals q"
        case .primeSizesDiffer(let first, let second):
            return "invalid Paillier private key: the primes have \(first) and \(second) bits, expected half the "
                + "modulus size each"
        case .primesTooClose(let boundExponent):
            return "invalid Paillier private key: |p - q| does not exceed 2^\(boundExponent)"
        case .factorNotPrime(let factor):
            return "invalid Paillier private key: \(factor) is not prime"
        case .factorNotSafePrime(let factor):
            return "invalid threshold Paillier key: \(factor) is not a safe prime (\(factor) = 2\(factor)' + 1 with "
                + "\(factor)' prime)"
        case .modulusNotCoprimeToTotient:
            return "invalid Paillier private key: gcd(n, φ(n)) is not 1"
        case .keyMismatch(let expected, let actual):
            return "Paillier key mismatch: expected key \(expected), got a value for key \(actual)"
        case .ciphertextOutOfRange:
            return "invalid Paillier ciphertext: the value is not in 1..<n²"
        case .ciphertextNotUnit:
            return "invalid Paillier ciphertext: the value shares a factor with n, so it is not in Z*_{n²}"
        case .plaintextOutOfRange:
            return "invalid Paillier plaintext: the value is not in 0..<n; encode signed values first"
        case .invalidRandomness(let reason):
            return "invalid Paillier encryption randomness: \(reason)"
        case .valueOutsideWindow(let windowBitWidth):
            return "value outside the signed window [-W, W] of the encoding (W has \(windowBitWidth) bits)"
        case .overflow:
            return "Paillier overflow: the decrypted value lies outside the signed window, so a sum overflowed"
        case .invalidWindow:
            return "invalid signed window: W must satisfy 0 < W < n / 3"
        case .valueNotFinite:
            return "fixed-point value is infinite or not a number"
        case .exponentMismatch(let expected, let actual):
            return "fixed-point exponent mismatch: expected \(expected), got \(actual); values of different "
                + "exponents are never mixed"
        case .exponentOutOfRange(let exponent, let minimum, let maximum):
            return "fixed-point exponent \(exponent) is outside \(minimum)...\(maximum)"
        case .invalidPackingLayout(let reason):
            return "invalid packing layout: \(reason)"
        case .valueOutOfSlotRange(let index, let valueBitWidth):
            return "value at index \(index) does not fit a packing slot of \(valueBitWidth) value bits "
                + "(allowed: ±(2^\(valueBitWidth) - 1))"
        case .summandLimitExceeded(let limit, let count):
            return "packed sum of \(count) vectors exceeds the layout's limit of \(limit); use a layout with a "
                + "larger maximum number of summands"
        case .slotOverflow(let indices, let count):
            let listed = indices.map(String.init).joined(separator: ", ")
            return "\(count) packed sums overflowed their slots, at value indices \(listed)"
                + (count > indices.count ? ", …" : "")
        case .layoutMismatch(let reason):
            return "encrypted vectors do not match: \(reason)"
        case .slotCountOutOfRange(let count, let slots):
            return "slot count \(count) is outside 0...\(slots), the slots of one plaintext in this layout"
        case .tooFewSummands(let minimum, let actual):
            return "refusing to decrypt a sum of \(actual) encrypted vectors: at least \(minimum) are required"
        case .invalidThreshold(let threshold, let holderCount, let maximum):
            return "invalid threshold: t = \(threshold), w = \(holderCount); expected 1 <= t <= w <= \(maximum)"
        case .unknownKeyHolder(let holder):
            return "unknown key holder \(holder)"
        case .notEnoughDecryptionShares(let required, let received):
            return "not enough decryption shares: \(received) received, \(required) required"
        case .duplicateDecryptionShare(let holder):
            return "duplicate decryption share from key holder \(holder)"
        case .invalidDecryptionShares(let holders):
            return "invalid decryption shares: the proof of correct decryption failed for key holders "
                + holders.map(String.init).joined(separator: ", ")
        case .decryptionShareMismatch(let reason):
            return "decryption shares do not match the ciphertexts: \(reason)"
        case .malformedEncoding(let type, let reason):
            return "malformed \(type) encoding: \(reason)"
        case .malformedJSON(let reason):
            return "malformed python-paillier JSON: \(reason)"
        }
    }
}
