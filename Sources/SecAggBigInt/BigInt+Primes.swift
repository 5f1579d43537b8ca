import CGMP
import SecAggPrimitives

/// Upper bound (exclusive) of the odd primes that divide out candidates before any primality test.
private let sievingPrimeLimit = 1 << 16

/// The odd primes below `sievingPrimeLimit`, from a sieve of Eratosthenes.
private let sievingPrimes: [UInt] = {
    var isComposite = [Bool](repeating: false, count: sievingPrimeLimit)
    var primes = [UInt]()
    var number = 3
    while number < sievingPrimeLimit {
        if !isComposite[number] {
            primes.append(UInt(number))
            var multiple = number * number
            while multiple < sievingPrimeLimit {
                isComposite[multiple] = true
                multiple += 2 * number
            }
        }
        number += 2
    }
    return primes
}()

// MARK: - Primality

extension BigInt {
    /// The number of Miller-Rabin rounds with random bases that follow the Baillie-PSW test by default.
    ///
    /// No composite is known to pass Baillie-PSW, and each round passes a composite with probability at most 1/4.
    public static let defaultMillerRabinRounds = 10

    /// Tests whether the value is prime: GMP's Baillie-PSW test, then `rounds` Miller-Rabin rounds with bases
    /// drawn from `source`.
    ///
    /// GMP's `mpz_probab_prime_p` with 24 repetitions runs trial division and the Baillie-PSW test (GMP 6.2
    /// replaces its first 24 Miller-Rabin rounds with Baillie-PSW). More repetitions would draw bases from
    /// GMP's own fixed-seed generator, so the extra rounds run here with bases from `source` instead. Small
    /// values that GMP proves prime skip the extra rounds: with GMP 6.2.1 that held for primes just above 2^50
    /// but not for primes just above 2^51.
    /// - Warning: Runs in variable time, so the running time reveals information about a secret candidate.
    /// - Parameters:
    ///   - rounds: The number of Miller-Rabin rounds after Baillie-PSW. Must not be negative.
    ///   - source: The random source for the Miller-Rabin bases.
    /// - Returns: `false` when the value is certainly composite or below 2, `true` when it is prime or
    ///   passed every test.
    public func isProbablePrime(rounds: Int = BigInt.defaultMillerRabinRounds, using source: inout some RandomSource)
        -> Bool
    {
        precondition(rounds >= 0, "BigInt.isProbablePrime: rounds \(rounds) is negative")
        guard self > 1 else { return false }
        let verdict = withUnsafeMPZ { __gmpz_probab_prime_p($0, 24) }
        switch verdict {
        case 0: return false
        case 2: return true
        default:
            // GMP returns 1 ("probably prime") only for values far above 4, as Miller-Rabin needs.
            return passesMillerRabin(rounds: rounds, using: &source)
        }
    }

    /// Tests whether the value is prime, drawing the Miller-Rabin bases from the system CSPRNG.
    ///
    /// - Warning: Runs in variable time, so the running time reveals information about a secret candidate.
    /// - Parameter rounds: The number of Miller-Rabin rounds after Baillie-PSW. Must not be negative.
    /// - Returns: `false` when the value is certainly composite or below 2, `true` when it is prime or
    ///   passed every test.
    public func isProbablePrime(rounds: Int = BigInt.defaultMillerRabinRounds) -> Bool {
        var source = SystemRandom()
        return isProbablePrime(rounds: rounds, using: &source)
    }

    /// Runs Miller-Rabin rounds on an odd value of at least 5.
    private func passesMillerRabin(rounds: Int, using source: inout some RandomSource) -> Bool {
        precondition(self >= 5 && isOdd, "Miller-Rabin needs an odd value of at least 5")
        let minusOne = self - 1
        // self - 1 = oddPart * 2^twoAdicity
        let twoAdicity = minusOne.withUnsafeMPZ { Int(__gmpz_scan1($0, 0)) }
        let oddPart = minusOne >> twoAdicity
        let bases = BigInt(2)...(self - 2)
        for _ in 0..<rounds {
            var power = BigInt.random(in: bases, using: &source).uncheckedPower(oddPart, modulus: self)
            if power.isEqual(to: 1) || power == minusOne { continue }
            var reachedMinusOne = false
            for _ in 1..<twoAdicity {
                power.withUnsafeMutableMPZ { value in
                    withUnsafeMPZ { modulus in
                        __gmpz_mul(value, value, value)
                        __gmpz_mod(value, value, modulus)
                    }
                }
                if power == minusOne {
                    reachedMinusOne = true
                    break
                }
            }
            if !reachedMinusOne { return false }
        }
        return true
    }
}

// MARK: - Prime generation

extension BigInt {
    /// Generates a random prime of exactly `bitWidth` bits whose two most significant bits are set, so the
    /// product of two such primes has exactly `2 * bitWidth` bits.
    ///
    /// Each search window starts at a random odd value and steps by 2. The window is sieved by the odd primes
    /// below 2^16 before any primality test, and survivors get ``isProbablePrime(rounds:using:)`` with
    /// ``defaultMillerRabinRounds`` rounds. Stepping from a random start slightly favours primes that follow
    /// long gaps between primes.
    /// - Warning: Runs in variable time. The running time reveals how many candidates were tried.
    /// - Parameters:
    ///   - bitWidth: The bit width of the prime, at least 2.
    ///   - source: The random source for the candidates and the Miller-Rabin bases.
    /// - Returns: A probable prime `p` with `3 * 2^(bitWidth - 2) <= p < 2^bitWidth`.
    /// - Throws: ``BigIntError/bitWidthTooSmall(operation:bitWidth:minimum:)`` when `bitWidth < 2`.
    public static func randomPrime(bitWidth: Int, using source: inout some RandomSource) throws -> BigInt {
        guard bitWidth >= 2 else {
            throw BigIntError.bitWidthTooSmall(
                operation: "randomPrime(bitWidth:using:)", bitWidth: bitWidth, minimum: 2)
        }
        while true {
            let start = randomOddCandidate(bitWidth: bitWidth, using: &source)
            let length = 16 * bitWidth
            let isComposite = sieveWindow(start: start, length: length, bitWidth: bitWidth, forSafePrime: false)
            for offset in 0..<length where !isComposite[offset] {
                let candidate = start + BigInt(2 * offset)
                guard candidate.bitWidth == bitWidth else { break }
                if candidate.isProbablePrime(rounds: defaultMillerRabinRounds, using: &source) {
                    return candidate
                }
            }
        }
    }

    /// Generates a random safe prime `p = 2q + 1`, with `q` prime, of exactly `bitWidth` bits whose two most
    /// significant bits are set.
    ///
    /// The search draws `q` like ``randomPrime(bitWidth:using:)`` draws its candidates and sieves each window so
    /// that neither `q` nor `2q + 1` has an odd prime factor below 2^16. Survivors get a base-2 Fermat test on
    /// `q`, then on `p`, and only then the full ``isProbablePrime(rounds:using:)`` with
    /// ``defaultMillerRabinRounds`` rounds on both.
    /// - Warning: Runs in variable time, and safe primes are rare. A 1024-bit search averaged 0.38 s and 0.66 s
    ///   in two runs over 8 and 20 seeds, and single searches took 0.03 s to 2.3 s (release build, GMP 6.2.1,
    ///   one core of a shared 2-core x86-64 Xeon virtual machine).
    /// - Parameters:
    ///   - bitWidth: The bit width of `p`, at least 16. Some smaller widths have no safe prime with the two top
    ///     bits set, for example 4 and 5.
    ///   - source: The random source for the candidates and the Miller-Rabin bases.
    /// - Returns: A probable safe prime `p` with `3 * 2^(bitWidth - 2) < p < 2^bitWidth` and `(p - 1) / 2` a
    ///   probable prime.
    /// - Throws: ``BigIntError/bitWidthTooSmall(operation:bitWidth:minimum:)`` when `bitWidth < 16`.
    public static func randomSafePrime(bitWidth: Int, using source: inout some RandomSource) throws -> BigInt {
        guard bitWidth >= 16 else {
            throw BigIntError.bitWidthTooSmall(
                operation: "randomSafePrime(bitWidth:using:)", bitWidth: bitWidth, minimum: 16)
        }
        let halfBitWidth = bitWidth - 1
        let two: BigInt = 2
        while true {
            let start = randomOddCandidate(bitWidth: halfBitWidth, using: &source)
            let length = 16 * bitWidth
            let isComposite = sieveWindow(start: start, length: length, bitWidth: halfBitWidth, forSafePrime: true)
            for offset in 0..<length where !isComposite[offset] {
                let half = start + BigInt(2 * offset)
                guard half.bitWidth == halfBitWidth else { break }
                let candidate = (half << 1) + 1
                guard two.uncheckedPower(half - 1, modulus: half).isEqual(to: 1) else { continue }
                guard two.uncheckedPower(half << 1, modulus: candidate).isEqual(to: 1) else { continue }
                if half.isProbablePrime(rounds: defaultMillerRabinRounds, using: &source)
                    && candidate.isProbablePrime(rounds: defaultMillerRabinRounds, using: &source)
                {
                    return candidate
                }
            }
        }
    }

    /// Draws an odd value of exactly `bitWidth` bits with the two most significant bits set.
    private static func randomOddCandidate(bitWidth: Int, using source: inout some RandomSource) -> BigInt {
        var candidate = random(bitWidth: bitWidth, using: &source)
        candidate.withUnsafeMutableMPZ { value in
            __gmpz_setbit(value, mp_bitcnt_t(bitWidth - 1))
            __gmpz_setbit(value, mp_bitcnt_t(bitWidth - 2))
            __gmpz_setbit(value, 0)
        }
        return candidate
    }

    /// Marks the offsets `j` in `0..<length` for which `start + 2j`, or for a safe prime also
    /// `2(start + 2j) + 1`, has an odd prime factor below 2^16.
    ///
    /// Only primes below the smallest candidate, `3 * 2^(bitWidth - 2)`, take part, so a candidate is never
    /// struck out for being one of the sieving primes itself.
    static func sieveWindow(start: BigInt, length: Int, bitWidth: Int, forSafePrime: Bool) -> [Bool] {
        var isComposite = [Bool](repeating: false, count: length)
        let smallestCandidate = BigInt(3) << (bitWidth - 2)
        let primeLimit = UInt64(exactly: smallestCandidate).map { UInt($0) } ?? UInt.max
        start.withUnsafeMPZ { startValue in
            for prime in sievingPrimes {
                guard prime < primeLimit else { break }
                let residue = __gmpz_fdiv_ui(startValue, prime)
                // 2 and 4 are invertible modulo an odd prime, and products stay below 2^32.
                let inverseOfTwo = (prime + 1) / 2
                // start + 2j ≡ 0 (mod prime)  ⇔  j ≡ -residue / 2
                strike(&isComposite, from: (prime - residue) % prime * inverseOfTwo % prime, step: prime)
                if forSafePrime {
                    // 2(start + 2j) + 1 ≡ 0 (mod prime)  ⇔  j ≡ -(2 * residue + 1) / 4
                    let inverseOfFour = inverseOfTwo * inverseOfTwo % prime
                    let target = (2 * residue + 1) % prime
                    strike(&isComposite, from: (prime - target) % prime * inverseOfFour % prime, step: prime)
                }
            }
        }
        return isComposite
    }

    private static func strike(_ isComposite: inout [Bool], from first: UInt, step: UInt) {
        var index = Int(first)
        while index < isComposite.count {
            isComposite[index] = true
            index += Int(step)
        }
    }
}
