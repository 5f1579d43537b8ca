import CGMP
import SecAggBigInt
import SecAggPrimitives

/// Modular arithmetic on public values through direct GMP calls, for the hot paths of encryption and addition.
///
/// - Warning: Every function here runs in variable time. Secret exponents go through
///   ``BigInt/secretPower(_:modulus:)`` instead.
/// - Note: `PaillierPrivateKey.decrypt(_:)` also calls ``multiply(_:_:modulo:)`` and ``lFunction(_:divisor:)``
///   with the secret primes as modulus and divisor, on operands of fixed size; `FUZZING.md` lists that path.
enum Arithmetic {
    /// Computes `lhs * rhs mod modulus` for non-negative operands.
    static func multiply(_ lhs: BigInt, _ rhs: BigInt, modulo modulus: BigInt) -> BigInt {
        var result = BigInt(0)
        result.withUnsafeMutableMPZ { resultMPZ in
            lhs.withUnsafeMPZ { left in
                rhs.withUnsafeMPZ { right in
                    modulus.withUnsafeMPZ { modulusMPZ in
                        __gmpz_mul(resultMPZ, left, right)
                        __gmpz_tdiv_r(resultMPZ, resultMPZ, modulusMPZ)
                    }
                }
            }
        }
        return result
    }

    /// Computes `x * (1 + m * n) mod n²` as `x + n * (m * x mod n)`, which costs one multiplication and two
    /// reductions instead of a multiplication modulo `n²`. `x` must lie in `0..<n²` and `m` must not be negative.
    static func multiplyByGeneratorPower(
        _ x: BigInt, plaintext m: BigInt, modulus n: BigInt, modulusSquared: BigInt
    ) -> BigInt {
        var result = BigInt(0)
        result.withUnsafeMutableMPZ { resultMPZ in
            x.withUnsafeMPZ { xMPZ in
                m.withUnsafeMPZ { mMPZ in
                    n.withUnsafeMPZ { nMPZ in
                        modulusSquared.withUnsafeMPZ { squaredMPZ in
                            __gmpz_mul(resultMPZ, mMPZ, xMPZ)
                            __gmpz_tdiv_r(resultMPZ, resultMPZ, nMPZ)
                            __gmpz_mul(resultMPZ, resultMPZ, nMPZ)
                            __gmpz_add(resultMPZ, resultMPZ, xMPZ)
                            // x < n² and n * (n - 1) < n², so one subtraction completes the reduction.
                            if __gmpz_cmp(resultMPZ, squaredMPZ) >= 0 {
                                __gmpz_sub(resultMPZ, resultMPZ, squaredMPZ)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Computes `L(x) = (x - 1) / divisor`, Paillier's L function, for `x ≡ 1 (mod divisor)`.
    static func lFunction(_ x: BigInt, divisor: BigInt) throws -> BigInt {
        try (x - 1).exactQuotient(dividingBy: divisor)
    }
}

/// Trial division by the odd primes below 2^16.
enum SmallPrimes {
    /// The odd primes below 2^16, from a sieve of Eratosthenes.
    static let oddPrimes: [UInt] = {
        let limit = 1 << 16
        var isComposite = [Bool](repeating: false, count: limit)
        var primes = [UInt]()
        var number = 3
        while number < limit {
            if !isComposite[number] {
                primes.append(UInt(number))
                var multiple = number * number
                while multiple < limit {
                    isComposite[multiple] = true
                    multiple += 2 * number
                }
            }
            number += 2
        }
        return primes
    }()

    /// Returns the smallest odd prime below 2^16 that divides `value` and is smaller than it, or `nil`.
    static func smallestFactor(of value: BigInt) -> Int? {
        value.withUnsafeMPZ { valueMPZ in
            for prime in oddPrimes where __gmpz_cmp_ui(valueMPZ, prime) > 0 {
                if __gmpz_fdiv_ui(valueMPZ, prime) == 0 { return Int(prime) }
            }
            return nil
        }
    }
}

/// Primality tests with Miller-Rabin bases derived from the candidate, so that loading a key needs no random
/// source and gives the same verdict every time.
enum Primality {
    /// Runs ``BigInt/isProbablePrime(rounds:using:)``: GMP's Baillie-PSW test, then Miller-Rabin rounds with
    /// bases from a ``SeededRandom`` whose seed is the first 8 bytes of
    /// `SHA-256("secagg/v1 paillier primality" || label || value)`.
    ///
    /// A composite crafted to pass fixed bases would still have to pass Baillie-PSW, for which no counterexample
    /// is known.
    static func isProbablePrime(_ value: BigInt, label: String) -> Bool {
        var hash = SHA256()
        hash.update(Array("secagg/v1 paillier primality".utf8))
        hash.update(Array(label.utf8))
        // The value may be a secret prime, so its bytes go through a buffer that is wiped on release.
        let magnitude = value.magnitude
        if let valueBytes = try? magnitude.secureBigEndianBytes(count: (magnitude.bitWidth + 7) / 8) {
            hash.update(valueBytes)
        }
        let digest = hash.finalize()
        let seed = digest.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        var source = SeededRandom(seed: seed)
        return value.isProbablePrime(rounds: BigInt.defaultMillerRabinRounds, using: &source)
    }
}

extension Sodium {
    /// The stack bytes to clear after arithmetic on secrets: four times the 15 KiB that GMP 6.2.1 used for a
    /// 2048-bit `mpz_powm` (measured for the BigInt module).
    ///
    /// NOTE: The stack use of the multiplications and divisions on 3072-bit and larger operands was not
    /// measured, so larger keys may leave temporaries beyond this bound.
    static let secretStackByteCount = 64 * 1024
}
