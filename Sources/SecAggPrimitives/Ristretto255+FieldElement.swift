extension Ristretto255 {
    /// An element of GF(p), p = 2^255 − 19, the field Curve25519 and ristretto255 are defined over, for
    /// variable-time arithmetic on public values.
    ///
    /// The value is `l0 + l1·2^51 + l2·2^102 + l3·2^153 + l4·2^204` (radix 2^51). Every operation returns limbs below
    /// 2^52, so a representation is not unique: ``canonicalBytes``, ``==``, ``isZero`` and ``isNegative`` reduce it
    /// fully first. Multiplication and squaring accept limbs below 2^54, which leaves headroom for the limb bounds.
    ///
    /// - Warning: Variable-time. Comparisons, ``isZero``, ``isNegative`` and
    ///   ``sqrtRatioM1(_:_:)`` branch on the value. Use it only for public values, never for a key or a secret.
    package struct FieldElement: Sendable, Equatable, CustomStringConvertible {
        var l0: UInt64
        var l1: UInt64
        var l2: UInt64
        var l3: UInt64
        var l4: UInt64

        static let limbMask: UInt64 = (1 << 51) - 1

        @inline(__always)
        init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64) {
            self.l0 = l0
            self.l1 = l1
            self.l2 = l2
            self.l3 = l3
            self.l4 = l4
        }

        /// Creates the element equal to a small integer.
        package init(_ value: UInt32) {
            self.init(UInt64(value), 0, 0, 0, 0)
        }

        /// Decodes 32 little-endian bytes that encode an integer below p, or returns `nil` for any other input,
        /// including every encoding with bit 255 set.
        ///
        /// - Warning: Variable-time in the bytes, which must be public.
        package init?(canonicalBytes: some ContiguousByteStorage) {
            guard canonicalBytes.count == Ristretto255.byteCount else { return nil }
            let words = canonicalBytes.withUnsafeBytes { buffer in
                (0..<4).map { UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)) }
            }
            // The value is at least p exactly when it is 2^255 − 19 … 2^255 − 1 or has bit 255 set.
            guard words[3] >> 63 == 0 else { return nil }
            let isAtLeastP =
                words[3] == 0x7fff_ffff_ffff_ffff && words[2] == .max && words[1] == .max
                && words[0] >= 0xffff_ffff_ffff_ffed
            guard !isAtLeastP else { return nil }
            self.init(
                words[0] & Self.limbMask,
                (words[0] >> 51 | words[1] << 13) & Self.limbMask,
                (words[1] >> 38 | words[2] << 26) & Self.limbMask,
                (words[2] >> 25 | words[3] << 39) & Self.limbMask,
                words[3] >> 12)
        }

        /// The element zero.
        package static var zero: FieldElement { FieldElement(0, 0, 0, 0, 0) }

        /// The element one.
        package static var one: FieldElement { FieldElement(1, 0, 0, 0, 0) }

        /// The curve constant d = −121665/121666 of edwards25519 (RFC 7748 section 4.1):
        /// 37095705934669439343138083508754565189542113879843219016388785533085940283555.
        static var d: FieldElement {
            FieldElement(
                0x3_4dca_1359_78a3, 0x1_a828_3b15_6ebd, 0x5_e7a2_6001_c029, 0x7_39c6_63a0_3cbb, 0x5_2036_cee2_b6ff)
        }

        /// 2d, which the addition formulas use.
        static var twoD: FieldElement {
            FieldElement(
                0x6_9b94_26b2_f159, 0x3_5050_762a_dd7a, 0x3_cf44_c003_8052, 0x6_738c_c740_7977, 0x2_406d_9dc5_6dff)
        }

        /// SQRT_M1 of RFC 9496, the square root of −1 whose encoding is even:
        /// 19681161376707505956807079304988542015446066515923890162744021073123829784752.
        static var sqrtM1: FieldElement {
            FieldElement(
                0x6_1b27_4a0e_a0b0, 0x0_d5a5_fc8f_189d, 0x7_ef5e_9cbd_0c60, 0x7_8595_a680_4c9e, 0x2_b832_4804_fc1d)
        }

        /// INVSQRT_A_MINUS_D of RFC 9496, 1/sqrt(a − d) with a = −1:
        /// 54469307008909316920995813868745141605393597292927456921205312896311721017578.
        static var inverseSqrtAMinusD: FieldElement {
            FieldElement(
                0x0_fdaa_805d_40ea, 0x2_eb48_2e57_d339, 0x0_0761_0274_bc58, 0x6_510b_613d_c8ff, 0x7_86c8_905c_faff)
        }

        /// Returns the sum, with limbs below 2^52.
        @inline(__always)
        package static func + (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
            FieldElement(
                carrying: lhs.l0 &+ rhs.l0, lhs.l1 &+ rhs.l1, lhs.l2 &+ rhs.l2, lhs.l3 &+ rhs.l3, lhs.l4 &+ rhs.l4)
        }

        /// Returns the difference, computed as `lhs + 4p − rhs` so that no limb underflows.
        @inline(__always)
        package static func - (lhs: FieldElement, rhs: FieldElement) -> FieldElement {
            // 4p in radix 2^51: every limb of p is 2^51 − 1 except the lowest, 2^51 − 19. Each exceeds any limb of
            // rhs, which is below 2^52.
            let fourPLow: UInt64 = (1 << 53) - 76
            let fourPHigh: UInt64 = (1 << 53) - 4
            return FieldElement(
                carrying: lhs.l0 &+ fourPLow &- rhs.l0, lhs.l1 &+ fourPHigh &- rhs.l1, lhs.l2 &+ fourPHigh &- rhs.l2,
                lhs.l3 &+ fourPHigh &- rhs.l3, lhs.l4 &+ fourPHigh &- rhs.l4)
        }

        /// Returns `−value`.
        @inline(__always)
        package static prefix func - (value: FieldElement) -> FieldElement {
            .zero - value
        }

        /// Creates an element from limbs below 2^55 by one carry step on every limb at once. The results are below
        /// 2^51 + 19 · 2^4.
        @inline(__always)
        init(carrying r0: UInt64, _ r1: UInt64, _ r2: UInt64, _ r3: UInt64, _ r4: UInt64) {
            let mask = Self.limbMask
            self.init(
                (r0 & mask) &+ (r4 >> 51) &* 19, (r1 & mask) &+ (r0 >> 51), (r2 & mask) &+ (r1 >> 51),
                (r3 & mask) &+ (r2 >> 51), (r4 & mask) &+ (r3 >> 51))
        }

        /// Returns the product.
        ///
        /// Limbs below 2^54 keep every column below 77 · 2^108 < 2^115, so each carry fits in 64 bits. It is inlined
        /// so that the limbs of a chain of operations stay in registers.
        @inline(__always)
        package static func * (a: FieldElement, b: FieldElement) -> FieldElement {
            // 2^255 ≡ 19 (mod p), so a product that lands in limb 5 + k adds 19 times itself to limb k.
            let b1 = b.l1 &* 19
            let b2 = b.l2 &* 19
            let b3 = b.l3 &* 19
            let b4 = b.l4 &* 19
            var c0 = WideAccumulator(a.l0, b.l0)
            c0.add(a.l1, b4)
            c0.add(a.l2, b3)
            c0.add(a.l3, b2)
            c0.add(a.l4, b1)
            var c1 = WideAccumulator(a.l0, b.l1)
            c1.add(a.l1, b.l0)
            c1.add(a.l2, b4)
            c1.add(a.l3, b3)
            c1.add(a.l4, b2)
            var c2 = WideAccumulator(a.l0, b.l2)
            c2.add(a.l1, b.l1)
            c2.add(a.l2, b.l0)
            c2.add(a.l3, b4)
            c2.add(a.l4, b3)
            var c3 = WideAccumulator(a.l0, b.l3)
            c3.add(a.l1, b.l2)
            c3.add(a.l2, b.l1)
            c3.add(a.l3, b.l0)
            c3.add(a.l4, b4)
            var c4 = WideAccumulator(a.l0, b.l4)
            c4.add(a.l1, b.l3)
            c4.add(a.l2, b.l2)
            c4.add(a.l3, b.l1)
            c4.add(a.l4, b.l0)
            return FieldElement(columns: c0, c1, c2, c3, c4)
        }

        /// Returns the square, with 15 limb products in place of 25.
        @inline(__always)
        package func squared() -> FieldElement {
            let doubled0 = l0 &* 2
            let doubled1 = l1 &* 2
            let doubled2 = l2 &* 2
            let doubled3 = l3 &* 2
            let l3Times19 = l3 &* 19
            let l4Times19 = l4 &* 19
            var c0 = WideAccumulator(l0, l0)
            c0.add(doubled1, l4Times19)
            c0.add(doubled2, l3Times19)
            var c1 = WideAccumulator(doubled0, l1)
            c1.add(doubled2, l4Times19)
            c1.add(l3, l3Times19)
            var c2 = WideAccumulator(doubled0, l2)
            c2.add(l1, l1)
            c2.add(doubled3, l4Times19)
            var c3 = WideAccumulator(doubled0, l3)
            c3.add(doubled1, l2)
            c3.add(l4, l4Times19)
            var c4 = WideAccumulator(doubled0, l4)
            c4.add(doubled1, l3)
            c4.add(l2, l2)
            return FieldElement(columns: c0, c1, c2, c3, c4)
        }

        /// Returns `self^(2^count)`.
        package func squared(times count: Int) -> FieldElement {
            var result = self
            for _ in 0..<count { result = result.squared() }
            return result
        }

        /// Carries five 128-bit columns, each below 2^115, into limbs below 2^52.
        @inline(__always)
        init(
            columns c0: WideAccumulator, _ c1: WideAccumulator, _ c2: WideAccumulator, _ c3: WideAccumulator,
            _ c4: WideAccumulator
        ) {
            let mask = Self.limbMask
            var c1 = c1
            var c2 = c2
            var c3 = c3
            var c4 = c4
            c1.add(c0.shiftedRight51)
            c2.add(c1.shiftedRight51)
            c3.add(c2.shiftedRight51)
            c4.add(c3.shiftedRight51)
            // The top carry is below 2^64. Folding it as 19 · (low 51 bits) into limb 0 and 19 · (the rest, below
            // 2^13) into limb 1 keeps both sums within 64 bits.
            let top = c4.shiftedRight51
            var r0 = (c0.low & mask) &+ (top & mask) &* 19
            let r1 = (c1.low & mask) &+ (top >> 51) &* 19 &+ (r0 >> 51)
            r0 &= mask
            self.init(r0, r1, c2.low & mask, c3.low & mask, c4.low & mask)
        }

        /// The fully reduced limbs: each below 2^51 and the value below p.
        var reduced: FieldElement {
            let mask = Self.limbMask
            // One carry pass leaves l1 … l4 below 2^51 and l0 below 2^51 + 19, so the value is below 2p.
            var r0 = l0 & mask
            var r1 = l1 &+ (l0 >> 51)
            var r2 = l2 &+ (r1 >> 51)
            r1 &= mask
            var r3 = l3 &+ (r2 >> 51)
            r2 &= mask
            var r4 = l4 &+ (r3 >> 51)
            r3 &= mask
            r0 = r0 &+ (r4 >> 51) &* 19
            r4 &= mask
            // The value v is at least p exactly when v + 19 carries out of bit 255.
            var quotient = (r0 &+ 19) >> 51
            quotient = (r1 &+ quotient) >> 51
            quotient = (r2 &+ quotient) >> 51
            quotient = (r3 &+ quotient) >> 51
            quotient = (r4 &+ quotient) >> 51
            // Subtracting p is adding 19 and dropping bit 255.
            r0 = r0 &+ 19 &* quotient
            r1 = r1 &+ (r0 >> 51)
            r0 &= mask
            r2 = r2 &+ (r1 >> 51)
            r1 &= mask
            r3 = r3 &+ (r2 >> 51)
            r2 &= mask
            r4 = (r4 &+ (r3 >> 51)) & mask
            r3 &= mask
            return FieldElement(r0, r1, r2, r3, r4)
        }

        /// The canonical encoding: the value below p as 32 little-endian bytes.
        package var canonicalBytes: [UInt8] {
            let value = reduced
            let words = [
                value.l0 | value.l1 << 51, value.l1 >> 13 | value.l2 << 38, value.l2 >> 26 | value.l3 << 25,
                value.l3 >> 39 | value.l4 << 12,
            ]
            var bytes = [UInt8](repeating: 0, count: Ristretto255.byteCount)
            bytes.withUnsafeMutableBytes { buffer in
                for (index, word) in words.enumerated() {
                    buffer.storeBytes(of: word.littleEndian, toByteOffset: 8 * index, as: UInt64.self)
                }
            }
            return bytes
        }

        /// Whether the element is zero.
        ///
        /// - Warning: Variable-time in the element, which must be public.
        package var isZero: Bool {
            let value = reduced
            return (value.l0 | value.l1 | value.l2 | value.l3 | value.l4) == 0
        }

        /// Whether the element is negative in the sense of RFC 9496: its canonical encoding is odd.
        ///
        /// - Warning: Variable-time in the element, which must be public.
        package var isNegative: Bool { reduced.l0 & 1 == 1 }

        /// The element or its negation, whichever is not negative (CT_ABS of RFC 9496).
        ///
        /// - Warning: Variable-time in the element, which must be public.
        package var absolute: FieldElement { isNegative ? -self : self }

        /// Returns whether two elements are equal modulo p.
        ///
        /// - Warning: Variable-time in both elements, which must be public.
        package static func == (lhs: FieldElement, rhs: FieldElement) -> Bool {
            let left = lhs.reduced
            let right = rhs.reduced
            return left.l0 == right.l0 && left.l1 == right.l1 && left.l2 == right.l2 && left.l3 == right.l3
                && left.l4 == right.l4
        }

        /// Returns `(self^(2^250 − 1), self^11)`, the shared part of the exponentiations below.
        private func powerTwo250MinusOne() -> (power: FieldElement, eleventh: FieldElement) {
            let z2 = squared()
            let z9 = z2.squared(times: 2) * self
            let z11 = z9 * z2
            // Each zA_B is self^(2^A − 2^B).
            let z5_0 = z11.squared() * z9
            let z10_0 = z5_0.squared(times: 5) * z5_0
            let z20_0 = z10_0.squared(times: 10) * z10_0
            let z40_0 = z20_0.squared(times: 20) * z20_0
            let z50_0 = z40_0.squared(times: 10) * z10_0
            let z100_0 = z50_0.squared(times: 50) * z50_0
            let z200_0 = z100_0.squared(times: 100) * z100_0
            let z250_0 = z200_0.squared(times: 50) * z50_0
            return (z250_0, z11)
        }

        /// Returns `self^((p − 5)/8) = self^(2^252 − 3)`, the exponent of the square-root ratio.
        func powerPMinus5Over8() -> FieldElement {
            powerTwo250MinusOne().power.squared(times: 2) * self
        }

        /// Returns `self^(p − 2) = self^(2^255 − 21)`, which is `1/self` for a nonzero element and zero for zero.
        package func inverted() -> FieldElement {
            let (power, eleventh) = powerTwo250MinusOne()
            return power.squared(times: 5) * eleventh
        }

        /// Computes SQRT_RATIO_M1 of RFC 9496 section 4.2: whether `u/v` is a square, and the non-negative root.
        ///
        /// - Returns: `(true, +sqrt(u/v))` when u and v are nonzero and u/v is a square, `(true, 0)` when u is zero,
        ///   `(false, 0)` when v is zero and u is not, and `(false, +sqrt(SQRT_M1 · u/v))` when u/v is not a square.
        /// - Warning: Variable-time in u and v.
        package static func sqrtRatioM1(_ u: FieldElement, _ v: FieldElement) -> (wasSquare: Bool, root: FieldElement) {
            let v3 = v.squared() * v
            let v7 = v3.squared() * v
            var root = (u * v3) * (u * v7).powerPMinus5Over8()
            let check = v * root.squared()
            let minusU = -u
            let correctSign = check == u
            let flippedSign = check == minusU
            let flippedSignTimesI = check == minusU * sqrtM1
            if flippedSign || flippedSignTimesI { root = root * sqrtM1 }
            return (correctSign || flippedSign, root.absolute)
        }

        /// The canonical encoding in hexadecimal. Field elements of this type are public.
        package var description: String { "FieldElement(\(Hex.encode(canonicalBytes)))" }
    }

    /// A 128-bit accumulator for sums of 64 × 64-bit limb products.
    struct WideAccumulator {
        var low: UInt64
        var high: UInt64

        @inline(__always)
        init(_ a: UInt64, _ b: UInt64) {
            (high, low) = a.multipliedFullWidth(by: b)
        }

        @inline(__always)
        mutating func add(_ a: UInt64, _ b: UInt64) {
            let product = a.multipliedFullWidth(by: b)
            let (sum, overflow) = low.addingReportingOverflow(product.low)
            low = sum
            high = high &+ product.high &+ (overflow ? 1 : 0)
        }

        @inline(__always)
        mutating func add(_ value: UInt64) {
            let (sum, overflow) = low.addingReportingOverflow(value)
            low = sum
            high = high &+ (overflow ? 1 : 0)
        }

        /// The value shifted right by 51 bits, which must fit in 64 bits (the value is below 2^115).
        @inline(__always)
        var shiftedRight51: UInt64 { high << 13 | low >> 51 }
    }
}
