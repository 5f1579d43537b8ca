import CGMP

/// Bits in one GMP limb. Debian's GMP builds have no nail bits, so all bits of a limb are value bits.
let limbBitCount = mp_limb_t.bitWidth

extension BigInt {
    // MARK: Variable-time modular arithmetic

    /// Raises the value to `exponent` modulo `modulus` (`mpz_powm`).
    ///
    /// A negative exponent raises the inverse of the value to `|exponent|`.
    /// - Warning: Runs in variable time, and the running time and memory access pattern reveal the exponent.
    ///   Use it only when the exponent is public, as in encryption and signature checks. For a secret exponent
    ///   use ``secretPower(_:modulus:)``.
    /// - Parameters:
    ///   - exponent: The exponent, of any sign.
    ///   - modulus: The modulus, which must be positive.
    /// - Returns: The power, in `0..<modulus`.
    /// - Throws: ``BigIntError/modulusNotPositive(operation:)`` when `modulus <= 0`, and
    ///   ``BigIntError/noInverse(operation:)`` when `exponent` is negative and the value has no inverse.
    public func power(_ exponent: BigInt, modulus: BigInt) throws -> BigInt {
        let operation = "power(_:modulus:)"
        guard modulus.signum() > 0 else { throw BigIntError.modulusNotPositive(operation: operation) }
        guard exponent.signum() >= 0 else {
            let inverse = try inverse(modulo: modulus, operation: operation)
            return inverse.uncheckedPower(exponent.magnitude, modulus: modulus)
        }
        return uncheckedPower(exponent, modulus: modulus)
    }

    /// Computes `self^exponent mod modulus` for a caller that has checked `exponent >= 0` and `modulus > 0`.
    func uncheckedPower(_ exponent: BigInt, modulus: BigInt) -> BigInt {
        BigInt { result in
            withUnsafeMPZ { base in
                exponent.withUnsafeMPZ { exponentValue in
                    modulus.withUnsafeMPZ { modulusValue in
                        __gmpz_powm(result, base, exponentValue, modulusValue)
                    }
                }
            }
        }
    }

    /// Computes the inverse modulo `modulus` (`mpz_invert`).
    ///
    /// - Warning: Runs in variable time, and the running time reveals information about both operands. For a
    ///   secret value and an odd modulus use ``secretInverse(modulo:)``.
    /// - Parameter modulus: The modulus, which must be positive.
    /// - Returns: The `x` in `0..<modulus` with `self * x ≡ 1 (mod modulus)`. Modulo 1 that is 0.
    /// - Throws: ``BigIntError/modulusNotPositive(operation:)`` when `modulus <= 0`, and
    ///   ``BigIntError/noInverse(operation:)`` when the value and `modulus` share a factor.
    public func inverse(modulo modulus: BigInt) throws -> BigInt {
        try inverse(modulo: modulus, operation: "inverse(modulo:)")
    }

    private func inverse(modulo modulus: BigInt, operation: String) throws -> BigInt {
        guard modulus.signum() > 0 else { throw BigIntError.modulusNotPositive(operation: operation) }
        if modulus.isEqual(to: 1) { return 0 }
        var found = false
        let result = BigInt { result in
            withUnsafeMPZ { value in
                modulus.withUnsafeMPZ { modulusValue in
                    found = __gmpz_invert(result, value, modulusValue) != 0
                }
            }
        }
        guard found else { throw BigIntError.noInverse(operation: operation) }
        return result
    }

    /// Multiplies by `other` and reduces modulo `modulus`.
    ///
    /// - Warning: Runs in variable time.
    /// - Parameters:
    ///   - other: The other factor.
    ///   - modulus: The modulus, which must be positive.
    /// - Returns: The product in `0..<modulus`.
    /// - Throws: ``BigIntError/modulusNotPositive(operation:)`` when `modulus <= 0`.
    public func multiplied(by other: BigInt, modulo modulus: BigInt) throws -> BigInt {
        guard modulus.signum() > 0 else {
            throw BigIntError.modulusNotPositive(operation: "multiplied(by:modulo:)")
        }
        var product = self * other
        product.withUnsafeMutableMPZ { productValue in
            modulus.withUnsafeMPZ { __gmpz_mod(productValue, productValue, $0) }
        }
        return product
    }

    // MARK: Constant-time modular arithmetic

    /// Raises the value to a secret `exponent` modulo an odd `modulus` in constant time (`mpn_sec_powm`).
    ///
    /// GMP designs the `mpn_sec_` functions to perform the same operations and memory accesses for any operands
    /// of the same sizes. They keep their intermediate values in scratch space that this function allocates and
    /// wipes. (With GMP 6.2.1 on x86-64, `mpn_sec_powm` used under 1 KiB of stack for a 4096-bit modulus,
    /// measured with a stack-painting C program.) The result equals ``power(_:modulus:)``. With a 2048-bit
    /// exponent and a 4096-bit modulus it took 8% to 15% longer than ``power(_:modulus:)`` in two measurements
    /// (release build, GMP 6.2.1, x86-64 Xeon virtual machine).
    /// - Warning: The limb counts (64-bit words) of the exponent, the modulus and a non-negative base are not
    ///   hidden, and neither are the base's sign or whether it is zero. A negative base is first reduced with the
    ///   variable-time ``modulo(_:)``. Pad or fix the exponent's size when its length is secret, for example by
    ///   adding a multiple of the group order.
    /// - Parameters:
    ///   - exponent: The exponent, which must be positive.
    ///   - modulus: The modulus, which must be positive and odd.
    /// - Returns: The power, in `0..<modulus`.
    /// - Throws: ``BigIntError/modulusNotPositive(operation:)`` when `modulus <= 0`,
    ///   ``BigIntError/modulusEven(operation:)`` when `modulus` is even, and
    ///   ``BigIntError/exponentNotPositive(operation:)`` when `exponent <= 0`.
    public func secretPower(_ exponent: BigInt, modulus: BigInt) throws -> BigInt {
        let operation = "secretPower(_:modulus:)"
        guard modulus.signum() > 0 else { throw BigIntError.modulusNotPositive(operation: operation) }
        guard modulus.isOdd else { throw BigIntError.modulusEven(operation: operation) }
        guard exponent.signum() > 0 else { throw BigIntError.exponentNotPositive(operation: operation) }
        if modulus.isEqual(to: 1) { return 0 }

        // `mpn_sec_powm` needs a positive base.
        let base = signum() < 0 ? try modulo(modulus) : self
        if base.isZero { return 0 }

        let modulusLimbCount = modulus.limbCount
        let exponentBitCount = mp_bitcnt_t(exponent.limbCount * limbBitCount)
        var result = BigInt()
        base.withUnsafeMPZ { baseValue in
            exponent.withUnsafeMPZ { exponentValue in
                modulus.withUnsafeMPZ { modulusValue in
                    let baseLimbCount = Int(baseValue.pointee._mp_size)
                    let scratchCount = __gmpn_sec_powm_itch(baseLimbCount, exponentBitCount, modulusLimbCount)
                    withWipedLimbs(count: scratchCount) { scratch in
                        result.withUnsafeMutableMPZ { resultValue in
                            let resultLimbs = __gmpz_limbs_write(resultValue, modulusLimbCount)
                            __gmpn_sec_powm(
                                resultLimbs, baseValue.pointee._mp_d, baseLimbCount,
                                exponentValue.pointee._mp_d, exponentBitCount,
                                modulusValue.pointee._mp_d, modulusLimbCount, scratch)
                            __gmpz_limbs_finish(resultValue, modulusLimbCount)
                        }
                    }
                }
            }
        }
        return result
    }

    /// Computes the inverse of a secret value modulo an odd `modulus` in constant time (`mpn_sec_invert`).
    ///
    /// The value is first reduced with `mpn_sec_div_r`, also constant time, and all scratch space is allocated
    /// and wiped here. The result equals ``inverse(modulo:)``.
    /// - Warning: The limb counts (64-bit words) of the value and the modulus are not hidden, and neither are the
    ///   value's sign and whether an inverse exists. GMP 6.2 marks the `mpn_sec_invert` interface as preliminary.
    /// - Parameter modulus: The modulus, which must be positive and odd.
    /// - Returns: The `x` in `0..<modulus` with `self * x ≡ 1 (mod modulus)`. Modulo 1 that is 0.
    /// - Throws: ``BigIntError/modulusNotPositive(operation:)`` when `modulus <= 0`,
    ///   ``BigIntError/modulusEven(operation:)`` when `modulus` is even, and
    ///   ``BigIntError/noInverse(operation:)`` when the value and `modulus` share a factor.
    public func secretInverse(modulo modulus: BigInt) throws -> BigInt {
        let operation = "secretInverse(modulo:)"
        guard modulus.signum() > 0 else { throw BigIntError.modulusNotPositive(operation: operation) }
        guard modulus.isOdd else { throw BigIntError.modulusEven(operation: operation) }
        if modulus.isEqual(to: 1) { return 0 }

        let modulusLimbCount = modulus.limbCount
        // `mpn_sec_div_r` reduces a dividend of at least as many limbs as the divisor.
        let dividendLimbCount = Swift.max(limbCount, modulusLimbCount)
        let scratchCount = Swift.max(
            __gmpn_sec_div_r_itch(dividendLimbCount, modulusLimbCount),
            __gmpn_sec_invert_itch(modulusLimbCount))
        var found = false
        var result = BigInt()
        withUnsafeMPZ { value in
            modulus.withUnsafeMPZ { modulusValue in
                withWipedLimbs(count: dividendLimbCount + scratchCount) { buffer in
                    let reduced = buffer
                    let scratch = buffer + dividendLimbCount
                    if let limbs = value.pointee._mp_d {
                        reduced.update(from: limbs, count: Int(value.pointee._mp_size.magnitude))
                    }
                    // Afterwards the first `modulusLimbCount` limbs hold |self| mod modulus.
                    __gmpn_sec_div_r(
                        reduced, dividendLimbCount, modulusValue.pointee._mp_d, modulusLimbCount, scratch)
                    result.withUnsafeMutableMPZ { resultValue in
                        let resultLimbs = __gmpz_limbs_write(resultValue, modulusLimbCount)
                        // A bit count of twice the modulus size covers the reduced value and the modulus.
                        found =
                            __gmpn_sec_invert(
                                resultLimbs, reduced, modulusValue.pointee._mp_d, modulusLimbCount,
                                mp_bitcnt_t(2 * modulusLimbCount * limbBitCount), scratch) == 1
                        // Without an inverse the limbs are undefined, so the result is set to zero.
                        __gmpz_limbs_finish(resultValue, found ? modulusLimbCount : 0)
                    }
                }
            }
        }
        guard found else { throw BigIntError.noInverse(operation: operation) }
        // The inverse of -a is -(a^-1).
        if signum() < 0 && !result.isZero {
            return modulus - result
        }
        return result
    }
}
