import CGMP
import SecAggBigInt
import SecAggPrimitives

/// Fast Paillier encryption with a short random exponent over a fixed base: `c = (1 + m n) (h^n)^a mod n²`.
///
/// The base is `h_s = h^n mod n²` for `h = -x² mod n` with a random unit `x`, the choice of Damgård, Jurik and
/// Nielsen's variant, which Intel's pailliercryptolib (`ipcl/pub_key.cpp`, commit 0675e33) also uses. `h_s` is
/// an `n`-th residue, so every factor `h_s^a` is one too and the ciphertexts decrypt as usual. The encryptor
/// precomputes a fixed-base table of `h_s^(d * 2^(8w))` for every 8-bit digit `d` and window `w`, so a factor
/// costs one multiplication modulo `n²` per nonzero byte of `a`: at most 28 for a 224-bit exponent, where
/// `r^n` at 2048 bits takes about 2,400 (2048 squarings and the multiplications of a sliding window).
///
/// - Warning: This mode rests on an assumption beyond the decisional composite residuosity (DCR) assumption of
///   plain Paillier: that `h_s^a` for a uniform `a` of ``exponentBitWidth`` bits cannot be told apart from a
///   uniform `n`-th residue `r^n`. The default exponent has `2κ` bits for a key of security level `κ` (224 bits
///   at 2048-bit `n`, 256 at 3072), because the best known attack on a short exponent, Pollard's lambda
///   method, then costs about `2^κ` group operations. This is the short-exponent argument that Koshiba and
///   Kurosawa made for Diffie–Hellman groups ("Short Exponent Diffie-Hellman Problems", PKC 2004), carried over
///   to the `n`-th residues, where no reduction to DCR is known (see the discussion at
///   https://crypto.stackexchange.com/questions/95117). pailliercryptolib draws `n/2`-bit exponents, which
///   rests on the same kind of assumption with a larger margin. Use plain mode or a longer exponent when only
///   DCR may be assumed.
/// - Warning: The table lookups and the multiplications run in variable time and their memory accesses depend on
///   the secret exponent, so a process that shares the processor cache with the encryptor can learn about `a`.
public final class PaillierFastEncryptor: Sendable {
    /// The public key.
    public let publicKey: PaillierPublicKey
    /// The fixed base `h_s = h^n mod n²`.
    public let base: BigInt
    /// The bit width of the random exponent `a`.
    public let exponentBitWidth: Int

    /// The bit width of one window of the exponent.
    static let windowBitWidth = 8
    /// The nonzero digits of one window.
    private static let entriesPerWindow = (1 << windowBitWidth) - 1
    /// `table[w * 255 + d - 1] = h_s^(d * 2^(8w)) mod n²` for windows `w` and digits `d` in `1...255`.
    private let table: [BigInt]
    private let windowCount: Int

    /// Creates an encryptor with a fresh random base.
    ///
    /// Building the table costs 256 multiplications modulo `n²` per window of 8 exponent bits, 0.06 s at
    /// 2048 bits in a quick benchmark run (BENCHMARKS.md), so create one encryptor per key and reuse it. The table
    /// takes `255 * ⌈ℓ/8⌉` values of `2k` bytes: 3.7 MB at 2048 bits, 6.3 MB at 3072.
    /// - Parameters:
    ///   - publicKey: The public key.
    ///   - exponentBitWidth: The bit width of `a`, from `2κ` (the default) up to the bit width of `n`.
    ///   - source: The random source for `x`, ``SystemRandom`` in production.
    /// - Throws: ``PaillierError/invalidRandomness(reason:)`` for an exponent width outside that range.
    public convenience init(
        publicKey: PaillierPublicKey, exponentBitWidth: Int? = nil, using source: inout some RandomSource
    ) throws {
        let x = publicKey.randomUnit(using: &source)
        try self.init(publicKey: publicKey, x: x, exponentBitWidth: exponentBitWidth)
    }

    /// Creates an encryptor with the base derived from a given `x`, for known-answer vectors.
    ///
    /// - Parameters:
    ///   - publicKey: The public key.
    ///   - x: A unit modulo `n`; the base is `h_s = (-x² mod n)^n mod n²`.
    ///   - exponentBitWidth: The bit width of `a`, from `2κ` (the default) up to the bit width of `n`.
    /// - Throws: ``PaillierError/invalidRandomness(reason:)`` when `x` is not in `Z*_n` or the exponent width is
    ///   outside that range.
    public init(publicKey: PaillierPublicKey, x: BigInt, exponentBitWidth: Int? = nil) throws {
        let width = exponentBitWidth ?? 2 * publicKey.securityBitWidth
        guard width >= 2 * publicKey.securityBitWidth, width <= max(publicKey.bitWidth, 2 * publicKey.securityBitWidth)
        else {
            throw PaillierError.invalidRandomness(
                reason: "the fast-mode exponent needs \(2 * publicKey.securityBitWidth) to \(publicKey.bitWidth) bits")
        }
        guard x.signum() > 0, x < publicKey.modulus, x.gcd(publicKey.modulus) == 1 else {
            throw PaillierError.invalidRandomness(reason: "x must lie in 1..<n and be coprime to n")
        }
        let n = publicKey.modulus
        let h = n - Arithmetic.multiply(x, x, modulo: n)
        let base = publicKey.uncheckedNthPower(h)
        self.publicKey = publicKey
        self.base = base
        self.exponentBitWidth = width
        self.windowCount = (width + Self.windowBitWidth - 1) / Self.windowBitWidth
        self.table = Self.buildTable(base: base, windowCount: windowCount, modulus: publicKey.modulusSquared)
    }

    private static func buildTable(base: BigInt, windowCount: Int, modulus: BigInt) -> [BigInt] {
        var table = [BigInt]()
        table.reserveCapacity(windowCount * entriesPerWindow)
        var windowBase = base
        for _ in 0..<windowCount {
            var entry = windowBase
            table.append(entry)
            for _ in 2...entriesPerWindow {
                entry = Arithmetic.multiply(entry, windowBase, modulo: modulus)
                table.append(entry)
            }
            // The next window's base is this one raised to 2^8, which is the last entry times the base.
            windowBase = Arithmetic.multiply(entry, windowBase, modulo: modulus)
        }
        return table
    }

    /// Computes a randomizing factor `h_s^a mod n²` for a fresh random exponent `a`.
    ///
    /// - Warning: See the type's warnings on the short-exponent assumption and on timing.
    /// - Parameter source: The random source for `a`, ``SystemRandom`` in production.
    /// - Returns: A factor for one encryption.
    public func randomizer(using source: inout some RandomSource) -> PaillierRandomizer {
        while true {
            let exponent = BigInt.random(bitWidth: exponentBitWidth, using: &source)
            if !exponent.isZero {
                return PaillierRandomizer(value: power(exponent), keyID: publicKey.id)
            }
        }
    }

    /// Computes the randomizing factor `h_s^a mod n²` for a given exponent, for known-answer vectors.
    ///
    /// - Parameter exponent: The exponent `a`, in `1..<2^exponentBitWidth`.
    /// - Returns: The factor.
    /// - Throws: ``PaillierError/invalidRandomness(reason:)`` for an exponent outside that range.
    public func randomizer(exponent: BigInt) throws -> PaillierRandomizer {
        guard exponent.signum() > 0, exponent.bitWidth <= exponentBitWidth else {
            throw PaillierError.invalidRandomness(reason: "the exponent must lie in 1..<2^\(exponentBitWidth)")
        }
        return PaillierRandomizer(value: power(exponent), keyID: publicKey.id)
    }

    /// Computes `count` randomizing factors ahead of the data.
    ///
    /// - Parameters:
    ///   - count: The number of factors.
    ///   - source: The random source.
    /// - Returns: The factors, each for one encryption.
    public func randomizers(count: Int, using source: inout some RandomSource) -> [PaillierRandomizer] {
        precondition(count >= 0, "PaillierFastEncryptor.randomizers: count \(count) is negative")
        return (0..<count).map { _ in randomizer(using: &source) }
    }

    /// Encrypts a raw plaintext with a fresh short-exponent factor.
    ///
    /// - Warning: See the type's warnings on the short-exponent assumption and on timing.
    /// - Parameters:
    ///   - plaintext: The plaintext, in `0..<n`.
    ///   - source: The random source for `a`, ``SystemRandom`` in production.
    /// - Returns: The ciphertext.
    /// - Throws: ``PaillierError/plaintextOutOfRange``.
    public func encrypt(_ plaintext: BigInt, using source: inout some RandomSource) throws -> PaillierCiphertext {
        try publicKey.checkPlaintext(plaintext)
        return try publicKey.encrypt(plaintext, randomizer: randomizer(using: &source))
    }

    /// Computes `h_s^exponent mod n²` from the table, for an exponent of at most ``exponentBitWidth`` bits.
    func power(_ exponent: BigInt) -> BigInt {
        // The exponent is secret, so its bytes go through a buffer that is wiped on release.
        guard let digits = try? exponent.secureBigEndianBytes(count: windowCount) else {
            preconditionFailure("fast-mode exponent wider than the table")
        }
        var accumulator = BigInt(1)
        var product = BigInt(0)
        accumulator.withUnsafeMutableMPZ { accumulatorMPZ in
            product.withUnsafeMutableMPZ { productMPZ in
                publicKey.modulusSquared.withUnsafeMPZ { modulusMPZ in
                    for window in 0..<windowCount {
                        // Window 0 holds the least significant byte, the last byte of the big-endian encoding.
                        let digit = Int(digits[windowCount - 1 - window])
                        guard digit != 0 else { continue }
                        table[window * Self.entriesPerWindow + digit - 1].withUnsafeMPZ { entryMPZ in
                            __gmpz_mul(productMPZ, accumulatorMPZ, entryMPZ)
                            __gmpz_tdiv_r(accumulatorMPZ, productMPZ, modulusMPZ)
                        }
                    }
                }
            }
        }
        return accumulator
    }
}
