import SecAggPrimitives

typealias Scalar = Ristretto255.Scalar

/// Helpers for arithmetic in Z/ℓ on top of libsodium's constant-time scalar operations.
enum FieldArithmetic {
    /// Returns the scalar equal to a share index.
    static func scalar(_ x: UInt32) -> Scalar {
        Scalar(UInt64(x))
    }

    /// Returns the inverse of a scalar that the caller has shown to be nonzero.
    static func inverseOfNonZero(_ value: Scalar) -> Scalar {
        guard let inverse = try? value.inverted() else {
            preconditionFailure("inverted a scalar that the caller's invariant says is nonzero")
        }
        return inverse
    }

    /// Inverts every value with one field inversion and 3(k − 1) multiplications (Montgomery's trick).
    ///
    /// Every value must be nonzero; callers pass products of differences of distinct indices, which are.
    static func batchInverted(_ values: [Scalar]) -> [Scalar] {
        guard !values.isEmpty else { return [] }
        var prefixProducts = [Scalar]()
        prefixProducts.reserveCapacity(values.count)
        var running = Scalar.one
        for value in values {
            running = running * value
            prefixProducts.append(running)
        }
        // After the loop in step i, `inverse` is (v_0 · … · v_{i−1})⁻¹.
        var inverse = inverseOfNonZero(running)
        var result = [Scalar](repeating: .zero, count: values.count)
        for index in stride(from: values.count - 1, through: 1, by: -1) {
            result[index] = inverse * prefixProducts[index - 1]
            inverse = inverse * values[index]
        }
        result[0] = inverse
        return result
    }

    /// Multiplies small nonnegative integers, each below 2^16, into a scalar.
    ///
    /// Four such factors fit exactly in 64 bits and two 64-bit products in 128 bits, which is below ℓ, so one
    /// scalar multiplication covers eight factors.
    /// - Warning: Variable-time. Use only for public values such as share indices and their differences.
    struct SmallFactorProduct {
        private var result = Scalar.one
        /// A finished group of four factors that waits for a second group to share one multiplication.
        private var pendingGroup: UInt64?
        private var group = UInt64(1)
        private var groupCount = 0

        mutating func multiply(by factor: UInt64) {
            precondition(factor < 1 << 16, "small factor \(factor) is not below 2^16")
            // Exact: at most four factors below 2^16 each, so the product stays below 2^64.
            group *= factor
            groupCount += 1
            if groupCount == 4 {
                if let first = pendingGroup {
                    result = result * Self.scalar(first, group)
                    pendingGroup = nil
                } else {
                    pendingGroup = group
                }
                group = 1
                groupCount = 0
            }
        }

        /// The product of every factor so far.
        var value: Scalar { result * Self.scalar(pendingGroup ?? 1, group) }

        /// Returns the scalar equal to `a · b` for two 64-bit values. The product is below 2^128 < ℓ.
        private static func scalar(_ a: UInt64, _ b: UInt64) -> Scalar {
            let (high, low) = a.multipliedFullWidth(by: b)
            return Scalar(
                unchecked: SecureBytes(count: Ristretto255.byteCount) { output in
                    output.storeBytes(of: low.littleEndian, toByteOffset: 0, as: UInt64.self)
                    output.storeBytes(of: high.littleEndian, toByteOffset: 8, as: UInt64.self)
                })
        }
    }

    /// Returns `1 / ((−x_i) · ∏_{m≠i} (x_i − x_m))` for each holder `i`, with one field inversion.
    ///
    /// Holders must be distinct and in 1...``Shamir/maximumShareCount``, so every factor is nonzero and below 2^16.
    /// The Lagrange coefficient at zero is `λ_i = (∏_m (−x_m)) · result[i]`, and the barycentric weight is
    /// `w_i = 1 / ∏_{m≠i} (x_i − x_m) = (−x_i) · result[i]`.
    /// - Warning: Variable-time in the holder indices, which are public.
    static func inverseDenominators(_ holders: [UInt32]) -> [Scalar] {
        var denominators = [Scalar]()
        denominators.reserveCapacity(holders.count)
        for holder in holders {
            var product = SmallFactorProduct()
            product.multiply(by: UInt64(holder))
            var isNegative = true
            for other in holders where other != holder {
                if holder > other {
                    product.multiply(by: UInt64(holder - other))
                } else {
                    product.multiply(by: UInt64(other - holder))
                    isNegative.toggle()
                }
            }
            denominators.append(isNegative ? -product.value : product.value)
        }
        return batchInverted(denominators)
    }

    /// Returns `∏_m (−x_m)`.
    static func productOfNegatedIndices(_ holders: [UInt32]) -> Scalar {
        var product = SmallFactorProduct()
        for holder in holders { product.multiply(by: UInt64(holder)) }
        return holders.count % 2 == 1 ? -product.value : product.value
    }
}
