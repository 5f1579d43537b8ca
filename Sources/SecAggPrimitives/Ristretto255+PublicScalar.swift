extension Ristretto255 {
    /// An integer modulo the group order ℓ, for variable-time arithmetic on public scalars such as share indices,
    /// their powers, and batch weights that the verifier draws.
    ///
    /// The value is below ℓ and is stored as four 64-bit words, least significant first. Unlike ``Scalar`` the
    /// storage is not wiped on release.
    ///
    /// - Warning: Variable-time. Its operations may branch on the value. Use it only for public values, never for a
    ///   secret, a share value or a key.
    package struct PublicScalar: Sendable, Equatable, CustomStringConvertible {
        var w0: UInt64
        var w1: UInt64
        var w2: UInt64
        var w3: UInt64

        /// The words of ℓ = 2^252 + δ, least significant first.
        static let order: (UInt64, UInt64, UInt64, UInt64) = (
            0x5812_631a_5cf5_d3ed, 0x14de_f9de_a2f7_9cd6, 0, 0x1000_0000_0000_0000
        )

        init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
            self.w0 = w0
            self.w1 = w1
            self.w2 = w2
            self.w3 = w3
        }

        /// The scalar zero.
        package static var zero: PublicScalar { PublicScalar(0, 0, 0, 0) }

        /// Creates the scalar equal to a 64-bit integer, which is below ℓ.
        package init(_ value: UInt64) {
            self.init(value, 0, 0, 0)
        }

        /// Decodes 32 little-endian bytes below ℓ.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for an encoding that is not 32 bytes
        ///   and ``PrimitiveError/nonCanonicalScalar`` for a value of ℓ or more.
        /// - Warning: Variable-time in the bytes, which must be public.
        package init(canonicalBytes: some ContiguousByteStorage) throws {
            guard canonicalBytes.count == Ristretto255.byteCount else {
                throw PrimitiveError.invalidLength(
                    role: "ristretto255 scalar", expected: Ristretto255.byteCount, actual: canonicalBytes.count)
            }
            let value = canonicalBytes.withUnsafeBytes { buffer in
                PublicScalar(
                    UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                    UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                    UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                    UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            }
            guard !value.isAtLeastOrder else { throw PrimitiveError.nonCanonicalScalar }
            self = value
        }

        /// Copies a ``Scalar`` into a public scalar, for a value that the caller has established is public.
        ///
        /// - Warning: The copy is not wiped and every later operation on it is variable-time. Pass only a scalar
        ///   whose value may become known, such as a batch weight that the verifier draws after the shares are
        ///   fixed. Never pass a secret, a share value or a key.
        package init(declassifying scalar: Scalar) {
            guard let value = try? PublicScalar(canonicalBytes: scalar.bytes.unprotectedCopy()) else {
                preconditionFailure("a Ristretto255.Scalar held a value of ℓ or more, which its initializers exclude")
            }
            self = value
        }

        /// The canonical 32-byte little-endian encoding.
        package var bytes: [UInt8] {
            var bytes = [UInt8](repeating: 0, count: Ristretto255.byteCount)
            bytes.withUnsafeMutableBytes { buffer in
                for (index, word) in [w0, w1, w2, w3].enumerated() {
                    buffer.storeBytes(of: word.littleEndian, toByteOffset: 8 * index, as: UInt64.self)
                }
            }
            return bytes
        }

        /// Whether this is the scalar zero.
        package var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

        private var isAtLeastOrder: Bool {
            let order = Self.order
            if w3 != order.3 { return w3 > order.3 }
            if w2 != order.2 { return w2 > order.2 }
            if w1 != order.1 { return w1 > order.1 }
            return w0 >= order.0
        }

        /// Returns `lhs + rhs` modulo ℓ.
        ///
        /// - Warning: Variable-time, so both scalars must be public.
        package static func + (lhs: PublicScalar, rhs: PublicScalar) -> PublicScalar {
            // Both values are below ℓ < 2^253, so the sum fits in four words and one subtraction reduces it.
            let (s0, c0) = lhs.w0.addingReportingOverflow(rhs.w0)
            let (s1, c1) = add(lhs.w1, rhs.w1, carry: c0)
            let (s2, c2) = add(lhs.w2, rhs.w2, carry: c1)
            let (s3, _) = add(lhs.w3, rhs.w3, carry: c2)
            let sum = PublicScalar(s0, s1, s2, s3)
            return sum.isAtLeastOrder ? sum.subtractingOrder() : sum
        }

        /// Returns `self · factor` modulo ℓ.
        ///
        /// - Warning: Variable-time, so the scalar and the factor must be public.
        package func multiplied(by factor: UInt32) -> PublicScalar {
            // The product is below 2^253 · 2^32, so its top word is below 2^30, as reduce requires.
            let wideFactor = UInt64(factor)
            let p0 = w0.multipliedFullWidth(by: wideFactor)
            let p1 = w1.multipliedFullWidth(by: wideFactor)
            let p2 = w2.multipliedFullWidth(by: wideFactor)
            let p3 = w3.multipliedFullWidth(by: wideFactor)
            let (n1, c1) = p1.low.addingReportingOverflow(p0.high)
            let (n2, c2) = Self.add(p2.low, p1.high, carry: c1)
            let (n3, c3) = Self.add(p3.low, p2.high, carry: c2)
            let n4 = p3.high &+ (c3 ? 1 : 0)
            return Self.reduce(p0.low, n1, n2, n3, n4)
        }

        /// Computes `Σ_i weights[i] · bases[i]^j` modulo ℓ for `j = 0 … count − 1`.
        ///
        /// These are the combined scalars of a batch check over Feldman commitments. Each sum is accumulated
        /// unreduced in five words and reduced once at the end: at most 2^16 terms below 2^253 stay below 2^269.
        /// - Warning: Variable-time in the weights and the bases, which must be public.
        package static func weightedPowerSums(weights: [PublicScalar], bases: [UInt32], count: Int) -> [PublicScalar] {
            precondition(weights.count == bases.count, "one base for each weight")
            precondition(weights.count <= 1 << 16, "at most 2^16 terms, so the unreduced sums stay below 2^316")
            guard count > 0 else { return [] }
            // sums[5j ..< 5j + 5] holds the words of sum j, least significant first.
            var sums = [UInt64](repeating: 0, count: 5 * count)
            sums.withUnsafeMutableBufferPointer { words in
                for (weight, base) in zip(weights, bases) {
                    var power = weight
                    for degree in 0..<count {
                        let offset = 5 * degree
                        let (s0, c0) = words[offset].addingReportingOverflow(power.w0)
                        let (s1, c1) = add(words[offset + 1], power.w1, carry: c0)
                        let (s2, c2) = add(words[offset + 2], power.w2, carry: c1)
                        let (s3, c3) = add(words[offset + 3], power.w3, carry: c2)
                        words[offset] = s0
                        words[offset + 1] = s1
                        words[offset + 2] = s2
                        words[offset + 3] = s3
                        words[offset + 4] = words[offset + 4] &+ (c3 ? 1 : 0)
                        if degree + 1 < count { power = power.multiplied(by: base) }
                    }
                }
            }
            return (0..<count).map { degree in
                let offset = 5 * degree
                return reduce(sums[offset], sums[offset + 1], sums[offset + 2], sums[offset + 3], sums[offset + 4])
            }
        }

        /// Reduces `n0 + n1·2^64 + … + n4·2^256` modulo ℓ for `n4 < 2^60`.
        ///
        /// With ℓ = 2^252 + δ and δ < 2^125, the value is `q·2^252 + r` with `r < 2^252` and `q < 2^64`, and
        /// `q·2^252 ≡ −q·δ`. The difference `r − q·δ` lies above `−2^189 > −ℓ` and below `2^252 < ℓ`, so adding ℓ
        /// once when it is negative gives the result.
        static func reduce(_ n0: UInt64, _ n1: UInt64, _ n2: UInt64, _ n3: UInt64, _ n4: UInt64) -> PublicScalar {
            precondition(n4 >> 60 == 0, "value to reduce is below 2^316")
            let quotient = n3 >> 60 | n4 << 4
            let low = PublicScalar(n0, n1, n2, n3 & ((1 << 60) - 1))
            let deltaLow = quotient.multipliedFullWidth(by: order.0)
            let deltaHigh = quotient.multipliedFullWidth(by: order.1)
            let (q1, c1) = deltaLow.high.addingReportingOverflow(deltaHigh.low)
            let q2 = deltaHigh.high &+ (c1 ? 1 : 0)
            let (r0, b0) = low.w0.subtractingReportingOverflow(deltaLow.low)
            let (r1, b1) = subtract(low.w1, q1, borrow: b0)
            let (r2, b2) = subtract(low.w2, q2, borrow: b1)
            let (r3, b3) = subtract(low.w3, 0, borrow: b2)
            let difference = PublicScalar(r0, r1, r2, r3)
            return b3 ? difference.addingOrder() : difference
        }

        private func subtractingOrder() -> PublicScalar {
            let order = Self.order
            let (r0, b0) = w0.subtractingReportingOverflow(order.0)
            let (r1, b1) = Self.subtract(w1, order.1, borrow: b0)
            let (r2, b2) = Self.subtract(w2, order.2, borrow: b1)
            let (r3, _) = Self.subtract(w3, order.3, borrow: b2)
            return PublicScalar(r0, r1, r2, r3)
        }

        /// Adds ℓ to a negative value held in two's complement. The sum wraps to the value in `0 ..< ℓ`.
        private func addingOrder() -> PublicScalar {
            let order = Self.order
            let (r0, c0) = w0.addingReportingOverflow(order.0)
            let (r1, c1) = Self.add(w1, order.1, carry: c0)
            let (r2, c2) = Self.add(w2, order.2, carry: c1)
            let (r3, _) = Self.add(w3, order.3, carry: c2)
            return PublicScalar(r0, r1, r2, r3)
        }

        private static func add(_ a: UInt64, _ b: UInt64, carry: Bool) -> (UInt64, Bool) {
            let (sum, first) = a.addingReportingOverflow(b)
            let (result, second) = sum.addingReportingOverflow(carry ? 1 : 0)
            return (result, first || second)
        }

        private static func subtract(_ a: UInt64, _ b: UInt64, borrow: Bool) -> (UInt64, Bool) {
            let (difference, first) = a.subtractingReportingOverflow(b)
            let (result, second) = difference.subtractingReportingOverflow(borrow ? 1 : 0)
            return (result, first || second)
        }

        /// Returns the width-`width` non-adjacent form: digits `d_i`, least significant first, each zero or odd with
        /// `|d_i| < 2^(width−1)`, such that the scalar is `Σ d_i·2^i` and any `width` consecutive digits hold at most
        /// one nonzero digit. The last digit is nonzero, and zero gives no digits.
        func nonAdjacentForm(width: Int) -> [Int8] {
            precondition(width >= 2 && width <= 8, "a non-adjacent form width of 2 … 8 bits")
            // Five words, because subtracting a negative digit can carry past bit 255.
            var value = [w0, w1, w2, w3, 0]
            var digits = [Int8]()
            digits.reserveCapacity(256)
            let modulus = 1 << width
            while value.contains(where: { $0 != 0 }) {
                var digit = 0
                if value[0] & 1 == 1 {
                    digit = Int(value[0] & UInt64(modulus - 1))
                    if digit >= modulus / 2 { digit -= modulus }
                    Self.addSigned(-digit, to: &value)
                }
                digits.append(Int8(digit))
                for index in 0..<4 { value[index] = value[index] >> 1 | value[index + 1] << 63 }
                value[4] >>= 1
            }
            return digits
        }

        private static func addSigned(_ amount: Int, to value: inout [UInt64]) {
            if amount >= 0 {
                var carry = UInt64(amount)
                for index in value.indices where carry != 0 {
                    let (sum, overflow) = value[index].addingReportingOverflow(carry)
                    value[index] = sum
                    carry = overflow ? 1 : 0
                }
            } else {
                var borrow = UInt64(-amount)
                for index in value.indices where borrow != 0 {
                    let (difference, overflow) = value[index].subtractingReportingOverflow(borrow)
                    value[index] = difference
                    borrow = overflow ? 1 : 0
                }
            }
        }

        /// Returns signed base-2^`windowBits` digits, least significant first, each in `−2^(windowBits−1) ..<
        /// 2^(windowBits−1)`, such that the scalar is `Σ d_i·2^(windowBits·i)`.
        func signedRadixDigits(windowBits: Int) -> [Int32] {
            precondition(windowBits >= 2 && windowBits <= 16, "a window of 2 … 16 bits")
            let words = [w0, w1, w2, w3]
            // ℓ < 2^253, and one more digit takes the final carry.
            let count = (253 + windowBits - 1) / windowBits + 1
            let half = Int32(1) << (windowBits - 1)
            var digits = [Int32](repeating: 0, count: count)
            var carry: Int32 = 0
            for index in 0..<count {
                let window = Int32(Self.bits(of: words, from: index * windowBits, count: windowBits)) + carry
                carry = (window + half) >> windowBits
                digits[index] = window - carry << windowBits
            }
            return digits
        }

        /// Returns `count` bits of the 256-bit value starting at bit `offset`, with zeros past bit 255.
        private static func bits(of words: [UInt64], from offset: Int, count: Int) -> UInt64 {
            let wordIndex = offset / 64
            guard wordIndex < words.count else { return 0 }
            let shift = offset % 64
            var value = words[wordIndex] >> shift
            if shift + count > 64 && wordIndex + 1 < words.count {
                value |= words[wordIndex + 1] << (64 - shift)
            }
            return value & ((1 << count) - 1)
        }

        /// The encoding in hexadecimal. Scalars of this type are public.
        package var description: String { "Ristretto255.PublicScalar(\(Hex.encode(bytes)))" }
    }
}
