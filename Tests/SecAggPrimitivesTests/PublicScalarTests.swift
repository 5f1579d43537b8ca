import Testing

@testable import SecAggPrimitives

/// Returns `Σ digits[i] · 2^(shift · i)` modulo ℓ, with libsodium's scalar arithmetic.
func recombined(_ digits: [some BinaryInteger], shift: Int) -> Ristretto255.Scalar {
    var result = Ristretto255.Scalar.zero
    for digit in digits.reversed() {
        for _ in 0..<shift { result = result + result }
        let magnitude = Ristretto255.Scalar(UInt64(digit.magnitude))
        result = digit < 0 ? result - magnitude : result + magnitude
    }
    return result
}

@Suite("ristretto255 public scalars and field elements")
struct PublicScalarTests {
    @Test("public scalar arithmetic agrees with libsodium")
    func publicScalarArithmeticAgrees() throws {
        var source = SeededRandom(seed: 252)
        for _ in 0..<2_000 {
            let a = Ristretto255.Scalar.random(using: &source)
            let b = Ristretto255.Scalar.random(using: &source)
            let factor = UInt32.random(in: 0...UInt32.max, using: &source)
            let publicA = PublicScalar(declassifying: a)
            let publicB = PublicScalar(declassifying: b)
            #expect(publicA.bytes == a.bytes.unprotectedCopy())
            #expect((publicA + publicB).bytes == (a + b).bytes.unprotectedCopy())
            #expect(
                publicA.multiplied(by: factor).bytes
                    == (a * Ristretto255.Scalar(UInt64(factor))).bytes.unprotectedCopy())
        }
        var orderMinusOne = Ristretto255.orderBytes
        orderMinusOne[0] -= 1
        let largest = try PublicScalar(canonicalBytes: orderMinusOne)
        #expect(largest + PublicScalar(1) == .zero)
        #expect(
            largest.multiplied(by: .max).bytes
                == (try Ristretto255.Scalar(canonicalBytes: orderMinusOne) * Ristretto255.Scalar(UInt64(UInt32.max)))
                .bytes.unprotectedCopy())
    }

    @Test("weighted power sums agree with libsodium")
    func weightedPowerSumsAgree() throws {
        var source = SeededRandom(seed: 254)
        for termCount in [0, 1, 37] {
            let weights = (0..<termCount).map { _ in Ristretto255.Scalar.random(using: &source) }
            let bases = (0..<termCount).map { _ in UInt32.random(in: 0...UInt32.max, using: &source) }
            let sums = PublicScalar.weightedPowerSums(
                weights: weights.map { PublicScalar(declassifying: $0) }, bases: bases, count: 20)
            var powers = weights
            for degree in 0..<20 {
                var expected = Ristretto255.Scalar.zero
                for position in powers.indices {
                    expected = expected + powers[position]
                    powers[position] = powers[position] * Ristretto255.Scalar(UInt64(bases[position]))
                }
                #expect(sums[degree].bytes == expected.bytes.unprotectedCopy(), "terms \(termCount), degree \(degree)")
            }
        }
        #expect(PublicScalar.weightedPowerSums(weights: [PublicScalar(5)], bases: [3], count: 0).isEmpty)
    }

    @Test("public scalar rejects non-canonical bytes")
    func publicScalarRejectsNonCanonical() {
        #expect(throws: PrimitiveError.nonCanonicalScalar) {
            try PublicScalar(canonicalBytes: Ristretto255.orderBytes)
        }
        #expect(throws: PrimitiveError.nonCanonicalScalar) {
            try PublicScalar(canonicalBytes: [UInt8](repeating: 0xff, count: 32))
        }
        #expect(throws: PrimitiveError.invalidLength(role: "ristretto255 scalar", expected: 32, actual: 33)) {
            try PublicScalar(canonicalBytes: [UInt8](repeating: 0, count: 33))
        }
    }

    @Test("digit expansions recombine", arguments: [2, 5, 8])
    func digitExpansionsRecombine(width: Int) throws {
        var source = SeededRandom(seed: 253 + UInt64(width))
        var orderMinusOne = Ristretto255.orderBytes
        orderMinusOne[0] -= 1
        let scalars =
            [Ristretto255.Scalar.zero, .one, try Ristretto255.Scalar(canonicalBytes: orderMinusOne)]
            + (0..<200).map { _ in Ristretto255.Scalar.random(using: &source) }
        for scalar in scalars {
            let value = PublicScalar(declassifying: scalar)
            let nonAdjacent = value.nonAdjacentForm(width: width)
            #expect(recombined(nonAdjacent, shift: 1) == scalar)
            #expect(nonAdjacent.allSatisfy { $0 == 0 || $0 % 2 != 0 })
            #expect(nonAdjacent.allSatisfy { Int($0.magnitude) < 1 << (width - 1) })
            #expect(nonAdjacent.last != 0)
            for start in nonAdjacent.indices {
                let window = nonAdjacent[start..<min(start + width, nonAdjacent.count)]
                #expect(window.filter { $0 != 0 }.count <= 1)
            }
            let radix = value.signedRadixDigits(windowBits: width)
            #expect(recombined(radix, shift: width) == scalar)
            #expect(radix.allSatisfy { $0 >= -(1 << (width - 1)) })
            #expect(radix.allSatisfy { $0 < 1 << (width - 1) })
        }
    }

    @Test("field inversion and square roots")
    func fieldInversionAndSquareRoots() {
        var source = SeededRandom(seed: 255)
        for _ in 0..<300 {
            let a = FieldElement(UInt32.random(in: 1...UInt32.max, using: &source)) * .sqrtM1 + .d
            let b = FieldElement(UInt32.random(in: 1...UInt32.max, using: &source)) * .d
            #expect(a * a.inverted() == .one)
            #expect(a.squared() == a * a)
            let root = FieldElement.sqrtRatioM1(a.squared(), b.squared())
            #expect(root.wasSquare)
            #expect(root.root == (a * b.inverted()).absolute)
            #expect(!root.root.isNegative)
            let nonSquare = FieldElement.sqrtRatioM1(a.squared() * .sqrtM1, b.squared())
            #expect(!nonSquare.wasSquare)
            #expect(nonSquare.root.squared() * b.squared() == a.squared() * .sqrtM1 * .sqrtM1)
        }
        #expect(FieldElement.sqrtRatioM1(.zero, .one) == (true, .zero))
        #expect(FieldElement.sqrtRatioM1(.one, .zero) == (false, .zero))
        #expect(FieldElement.sqrtM1.squared() == -.one)
        // Complete addition needs a = −1 to be a square and d not to be one.
        #expect(!FieldElement.sqrtRatioM1(.d, .one).wasSquare)
        #expect(FieldElement.d * FieldElement(121_666) == -FieldElement(121_665))
        #expect(FieldElement.twoD == .d + .d)
        #expect(FieldElement.inverseSqrtAMinusD.squared() * (-FieldElement.one - .d) == .one)
        #expect(FieldElement.zero.inverted() == .zero)
    }

    @Test("field encodings are canonical")
    func fieldEncodingsAreCanonical() throws {
        let pMinusOne = try Hex.decode("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
        let p = try Hex.decode("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
        let value = try #require(FieldElement(canonicalBytes: pMinusOne))
        #expect(value.canonicalBytes == pMinusOne)
        #expect(value == -FieldElement.one)
        #expect(!value.isNegative)
        #expect((-value).isNegative)
        #expect((value + .one).isZero)
        #expect((value + .one).canonicalBytes == [UInt8](repeating: 0, count: 32))
        #expect(FieldElement(canonicalBytes: p) == nil)
        // Limbs that are not reduced: p itself and p + 5 written with every limb at its maximum below 2^52.
        let unreducedP = FieldElement((1 << 51) - 19, (1 << 51) - 1, (1 << 51) - 1, (1 << 51) - 1, (1 << 51) - 1)
        #expect(unreducedP.isZero)
        let large = FieldElement((1 << 52) - 1, (1 << 52) - 1, (1 << 52) - 1, (1 << 52) - 1, (1 << 52) - 1)
        #expect(large.canonicalBytes == (large * .one).canonicalBytes)
        #expect(large == large.squared() * large.squared().inverted() * large)
    }
}
