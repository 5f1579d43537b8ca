import CGMP

/// The shape of GMP's three-operand functions such as `__gmpz_add`: result, left operand, right operand.
private typealias BinaryOperation = (
    UnsafeMutablePointer<__mpz_struct>?, UnsafePointer<__mpz_struct>?, UnsafePointer<__mpz_struct>?
) -> Void

/// The largest left shift that `<<` accepts: a shift by 2^32 bits makes a 512 MiB result.
private let maximumLeftShift = UInt(UInt32.max)

extension BigInt {
    private static func combining(_ lhs: BigInt, _ rhs: BigInt, with operation: BinaryOperation) -> BigInt {
        BigInt { result in
            lhs.withUnsafeMPZ { left in rhs.withUnsafeMPZ { right in operation(result, left, right) } }
        }
    }

    private static func update(_ lhs: inout BigInt, with rhs: BigInt, using operation: BinaryOperation) {
        rhs.withUnsafeMPZ { right in
            lhs.withUnsafeMutableMPZ { left in operation(left, left, right) }
        }
    }

    // MARK: Addition, subtraction, multiplication

    /// Adds two values.
    ///
    /// - Parameters:
    ///   - lhs: The first addend.
    ///   - rhs: The second addend.
    /// - Returns: The sum.
    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        combining(lhs, rhs, with: __gmpz_add)
    }

    /// Subtracts `rhs` from `lhs`.
    ///
    /// - Parameters:
    ///   - lhs: The minuend.
    ///   - rhs: The subtrahend.
    /// - Returns: The difference.
    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        combining(lhs, rhs, with: __gmpz_sub)
    }

    /// Multiplies two values.
    ///
    /// - Parameters:
    ///   - lhs: The first factor.
    ///   - rhs: The second factor.
    /// - Returns: The product.
    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        combining(lhs, rhs, with: __gmpz_mul)
    }

    /// Adds `rhs` to `lhs` in place.
    ///
    /// - Parameters:
    ///   - lhs: The value to update.
    ///   - rhs: The addend.
    public static func += (lhs: inout BigInt, rhs: BigInt) {
        update(&lhs, with: rhs, using: __gmpz_add)
    }

    /// Subtracts `rhs` from `lhs` in place.
    ///
    /// - Parameters:
    ///   - lhs: The value to update.
    ///   - rhs: The subtrahend.
    public static func -= (lhs: inout BigInt, rhs: BigInt) {
        update(&lhs, with: rhs, using: __gmpz_sub)
    }

    /// Multiplies `lhs` by `rhs` in place.
    ///
    /// - Parameters:
    ///   - lhs: The value to update.
    ///   - rhs: The factor.
    public static func *= (lhs: inout BigInt, rhs: BigInt) {
        update(&lhs, with: rhs, using: __gmpz_mul)
    }

    /// Negates a value.
    ///
    /// - Parameter operand: The value to negate.
    /// - Returns: `-operand`.
    public static prefix func - (operand: BigInt) -> BigInt {
        BigInt { result in operand.withUnsafeMPZ { __gmpz_neg(result, $0) } }
    }

    // MARK: Division

    /// Divides with truncation toward zero, as Swift's `Int` does.
    ///
    /// The remainder has the sign of `self`, and `self == quotient * divisor + remainder`.
    /// - Parameter divisor: The divisor.
    /// - Returns: The truncated quotient and the remainder.
    /// - Throws: ``BigIntError/divisionByZero(operation:)`` when `divisor` is zero.
    public func quotientAndRemainder(dividingBy divisor: BigInt) throws -> (quotient: BigInt, remainder: BigInt) {
        guard !divisor.isZero else {
            throw BigIntError.divisionByZero(operation: "quotientAndRemainder(dividingBy:)")
        }
        var quotient = BigInt()
        var remainder = BigInt()
        withUnsafeMPZ { dividend in
            divisor.withUnsafeMPZ { divisorValue in
                quotient.withUnsafeMutableMPZ { quotientValue in
                    remainder.withUnsafeMutableMPZ { remainderValue in
                        __gmpz_tdiv_qr(quotientValue, remainderValue, dividend, divisorValue)
                    }
                }
            }
        }
        return (quotient, remainder)
    }

    /// Reduces the value modulo `modulus`, giving a result in `0..<|modulus|` even for negative values.
    ///
    /// - Parameter modulus: The modulus. Its sign is ignored.
    /// - Returns: The least non-negative residue.
    /// - Throws: ``BigIntError/divisionByZero(operation:)`` when `modulus` is zero.
    public func modulo(_ modulus: BigInt) throws -> BigInt {
        guard !modulus.isZero else { throw BigIntError.divisionByZero(operation: "modulo(_:)") }
        return BigInt.combining(self, modulus, with: __gmpz_mod)
    }

    /// Divides by a divisor that is known to divide the value, checking that it does.
    ///
    /// GMP's exact division (`mpz_divexact`) is faster than a general division. The check costs about as much
    /// again, which still beats the general division on large operands.
    /// - Parameter divisor: A divisor of the value.
    /// - Returns: The quotient.
    /// - Throws: ``BigIntError/divisionByZero(operation:)`` when `divisor` is zero, and
    ///   ``BigIntError/notDivisible(operation:)`` when the division leaves a remainder.
    public func exactQuotient(dividingBy divisor: BigInt) throws -> BigInt {
        let operation = "exactQuotient(dividingBy:)"
        guard !divisor.isZero else { throw BigIntError.divisionByZero(operation: operation) }
        let isDivisible = withUnsafeMPZ { dividend in
            divisor.withUnsafeMPZ { __gmpz_divisible_p(dividend, $0) != 0 }
        }
        guard isDivisible else { throw BigIntError.notDivisible(operation: operation) }
        return BigInt.combining(self, divisor, with: __gmpz_divexact)
    }

    // MARK: Shifts

    /// Shifts `lhs` left by `rhs` bits, which multiplies it by 2^rhs. A negative count shifts right.
    ///
    /// - Parameters:
    ///   - lhs: The value to shift.
    ///   - rhs: The number of bits, at most 2^32 - 1.
    /// - Returns: The shifted value.
    public static func << (lhs: BigInt, rhs: Int) -> BigInt {
        rhs >= 0 ? lhs.shiftedLeft(by: rhs.magnitude) : lhs.shiftedRight(by: rhs.magnitude)
    }

    /// Shifts `lhs` right by `rhs` bits, which divides it by 2^rhs and rounds toward negative infinity as
    /// Swift's `Int` does, so `-5 >> 1 == -3`. A negative count shifts left.
    ///
    /// - Parameters:
    ///   - lhs: The value to shift.
    ///   - rhs: The number of bits.
    /// - Returns: The shifted value.
    public static func >> (lhs: BigInt, rhs: Int) -> BigInt {
        rhs >= 0 ? lhs.shiftedRight(by: rhs.magnitude) : lhs.shiftedLeft(by: rhs.magnitude)
    }

    /// Shifts `lhs` left by `rhs` bits in place.
    ///
    /// - Parameters:
    ///   - lhs: The value to update.
    ///   - rhs: The number of bits. A negative count shifts right.
    public static func <<= (lhs: inout BigInt, rhs: Int) {
        lhs = lhs << rhs
    }

    /// Shifts `lhs` right by `rhs` bits in place, rounding toward negative infinity.
    ///
    /// - Parameters:
    ///   - lhs: The value to update.
    ///   - rhs: The number of bits. A negative count shifts left.
    public static func >>= (lhs: inout BigInt, rhs: Int) {
        lhs = lhs >> rhs
    }

    private func shiftedLeft(by count: UInt) -> BigInt {
        precondition(count <= maximumLeftShift, "BigInt shift by \(count) bits is larger than 2^32 - 1")
        return BigInt { result in withUnsafeMPZ { __gmpz_mul_2exp(result, $0, mp_bitcnt_t(count)) } }
    }

    private func shiftedRight(by count: UInt) -> BigInt {
        BigInt { result in withUnsafeMPZ { __gmpz_fdiv_q_2exp(result, $0, mp_bitcnt_t(count)) } }
    }

    // MARK: Number theory

    /// Computes the greatest common divisor.
    ///
    /// - Parameter other: The other value.
    /// - Returns: The greatest common divisor, never negative. `gcd(0, 0)` is 0.
    public func gcd(_ other: BigInt) -> BigInt {
        BigInt.combining(self, other, with: __gmpz_gcd)
    }

    /// Computes the least common multiple.
    ///
    /// - Parameter other: The other value.
    /// - Returns: The least common multiple, never negative, and 0 when either value is 0.
    public func lcm(_ other: BigInt) -> BigInt {
        BigInt.combining(self, other, with: __gmpz_lcm)
    }

    /// Computes the integer square root, the largest `r` with `r * r <= self`.
    ///
    /// - Returns: The floor of the square root.
    /// - Throws: ``BigIntError/negativeValue(operation:)`` for a negative value.
    public func integerSquareRoot() throws -> BigInt {
        guard signum() >= 0 else { throw BigIntError.negativeValue(operation: "integerSquareRoot()") }
        return BigInt { result in withUnsafeMPZ { __gmpz_sqrt(result, $0) } }
    }
}
