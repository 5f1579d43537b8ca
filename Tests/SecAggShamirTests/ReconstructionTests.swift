import SecAggPrimitives
import Testing

@testable import SecAggShamir

@Suite struct ReconstructionTests {
    @Test("large subsets reconstruct", arguments: 1...7)
    func everyLargeSubsetReconstructs(shareCount: Int) throws {
        for threshold in 1...shareCount {
            let (secret, dealing) = try seededDealing(
                threshold: threshold, shareCount: shareCount, seed: UInt64(shareCount * 100 + threshold))
            for mask in 1..<(1 << shareCount) where mask.nonzeroBitCount >= threshold {
                let chosen = subset(dealing.shares, mask: mask)
                #expect(
                    try Shamir.reconstruct(chosen, threshold: threshold) == secret,
                    "n=\(shareCount) t=\(threshold) mask=\(mask)")
            }
        }
    }

    @Test("small subsets throw", arguments: 1...7)
    func everySmallSubsetThrows(shareCount: Int) throws {
        for threshold in 1...shareCount {
            let (_, dealing) = try seededDealing(
                threshold: threshold, shareCount: shareCount, seed: UInt64(shareCount * 100 + threshold))
            for mask in 0..<(1 << shareCount) where mask.nonzeroBitCount < threshold {
                let chosen = subset(dealing.shares, mask: mask)
                #expect(throws: ShamirError.insufficientShares(threshold: threshold, provided: chosen.count)) {
                    try Shamir.reconstruct(chosen, threshold: threshold)
                }
            }
        }
    }

    @Test(
        "seeded random subsets reconstruct",
        arguments: [(10, 3), (25, 13), (64, 32), (100, 50), (150, 149), (300, 100)])
    func seededSubsetsReconstruct(shareCount: Int, threshold: Int) throws {
        let (secret, dealing) = try seededDealing(
            threshold: threshold, shareCount: shareCount, seed: UInt64(shareCount))
        var source = SeededRandom(seed: UInt64(shareCount) &+ 7)
        for extra in [0, 1, min(5, shareCount - threshold)] where threshold + extra <= shareCount {
            let chosen = Array(dealing.shares.shuffled(using: &source).prefix(threshold + extra))
            #expect(try Shamir.reconstruct(chosen, threshold: threshold) == secret, "extra=\(extra)")
        }
        let tooFew = Array(dealing.shares.shuffled(using: &source).prefix(threshold - 1))
        #expect(throws: ShamirError.insufficientShares(threshold: threshold, provided: threshold - 1)) {
            try Shamir.reconstruct(tooFew, threshold: threshold)
        }
    }

    @Test("large share count reconstructs")
    func largeShareCountReconstructs() throws {
        let (secret, dealing) = try seededDealing(threshold: 3, shareCount: 10_000, seed: 10_000)
        let chosen = [dealing.shares[0], dealing.shares[4_999], dealing.shares[9_999]]
        #expect(try Shamir.reconstruct(chosen, threshold: 3) == secret)
        #expect(dealing.shares[9_999].x == 10_000)
    }

    @Test("maximum share index reconstructs")
    func maximumShareIndexReconstructs() throws {
        var source = SeededRandom(seed: 65_535)
        let polynomial = try SharingPolynomial(secret: .random(using: &source), threshold: 4, using: &source)
        let splitID = testSplitID("maximum index")
        let holders: [UInt32] = [1, 2, 65_534, 65_535]
        let shares = try holders.map { try Share(splitID: splitID, x: $0, value: polynomial.evaluate(at: $0)) }
        #expect(try Shamir.reconstruct(shares, threshold: 4) == polynomial.secret)
    }

    @Test("threshold one shares equal secret")
    func thresholdOneSharesEqualSecret() throws {
        let (secret, dealing) = try seededDealing(threshold: 1, shareCount: 4, seed: 1)
        for share in dealing.shares {
            #expect(share.value == secret, "x=\(share.x)")
        }
    }

    @Test("inconsistent extra share throws")
    func inconsistentExtraShareThrows() throws {
        let (_, dealing) = try seededDealing(threshold: 3, shareCount: 5, seed: 3)
        var shares = dealing.shares
        shares[4] = try corrupted(shares[4])
        #expect(throws: ShamirError.inconsistentShares(threshold: 3, shareCount: 5)) {
            try Shamir.reconstruct(shares, threshold: 3)
        }
        #expect(throws: ShamirError.inconsistentShares(threshold: 3, shareCount: 4)) {
            try Shamir.reconstruct(Array(shares[1...4]), threshold: 3)
        }
    }

    @Test("Lagrange coefficients match formula")
    func lagrangeCoefficientsMatchFormula() throws {
        let coefficients = try LagrangeCoefficients(holders: [1, 2], threshold: 2).coefficients
        #expect(coefficients[0] == Ristretto255.Scalar(2))
        #expect(coefficients[1] == -Ristretto255.Scalar.one)
        let spread = try LagrangeCoefficients(holders: [2, 5, 7], threshold: 3).coefficients
        // λ_2 = 5·7 / ((5 − 2)(7 − 2)) = 35/15, λ_5 = 2·7 / ((2 − 5)(7 − 5)) = −14/6, λ_7 = 2·5 / ((2 − 7)(5 − 7)) = 1.
        let fifteenth = try Ristretto255.Scalar(15).inverted()
        let sixth = try Ristretto255.Scalar(6).inverted()
        #expect(spread[0] == Ristretto255.Scalar(35) * fifteenth)
        #expect(spread[1] == -(Ristretto255.Scalar(14) * sixth))
        #expect(spread[2] == Ristretto255.Scalar.one)
    }

    @Test("small factor product is exact")
    func smallFactorProductIsExact() throws {
        var source = SeededRandom(seed: 42)
        for count in [0, 1, 3, 4, 5, 8, 9, 17, 40] {
            var packed = FieldArithmetic.SmallFactorProduct()
            var plain = Ristretto255.Scalar.one
            for _ in 0..<count {
                let factor = UInt64.random(in: 0..<(1 << 16), using: &source)
                packed.multiply(by: factor)
                plain = plain * Ristretto255.Scalar(factor)
            }
            #expect(packed.value == plain, "count=\(count)")
        }
        var largest = FieldArithmetic.SmallFactorProduct()
        var plainLargest = Ristretto255.Scalar.one
        for _ in 0..<16 {
            largest.multiply(by: 65_535)
            plainLargest = plainLargest * Ristretto255.Scalar(65_535)
        }
        #expect(largest.value == plainLargest)
    }

    @Test("batch inversion matches single inversion")
    func batchInversionMatchesSingle() throws {
        var source = SeededRandom(seed: 5)
        let values = (0..<9).map { _ in Ristretto255.Scalar.random(using: &source) }
        let inverses = FieldArithmetic.batchInverted(values)
        for (value, inverse) in zip(values, inverses) {
            #expect(inverse == (try value.inverted()))
        }
        #expect(FieldArithmetic.batchInverted([]).isEmpty)
    }

    @Test("batched reconstruction equals one by one")
    func batchedEqualsOneByOne() throws {
        let threshold = 12
        let holders = Array(UInt32(5)...UInt32(20))
        let coefficients = try LagrangeCoefficients(holders: holders, threshold: threshold)
        var secrets = [Ristretto255.Scalar]()
        var shareSets = [[Share]]()
        for secretIndex in 0..<20 {
            let (secret, dealing) = try seededDealing(
                threshold: threshold, shareCount: 24, seed: UInt64(700 + secretIndex), label: "batch \(secretIndex)")
            secrets.append(secret)
            shareSets.append(holders.reversed().map { dealing.shares[Int($0) - 1] })
        }
        let batched = try coefficients.reconstruct(each: shareSets)
        for (index, shares) in shareSets.enumerated() {
            #expect(batched[index] == (try Shamir.reconstruct(shares, threshold: threshold)), "secret \(index)")
            #expect(batched[index] == secrets[index], "secret \(index)")
        }
    }

    @Test("Lagrange coefficients reject other holders")
    func lagrangeCoefficientsRejectOtherHolders() throws {
        let (_, dealing) = try seededDealing(threshold: 3, shareCount: 5, seed: 9)
        let coefficients = try LagrangeCoefficients(holders: [1, 2, 3, 4], threshold: 3)
        #expect(throws: ShamirError.holderNotInSet(x: 5)) {
            try coefficients.reconstruct([dealing.shares[0], dealing.shares[1], dealing.shares[2], dealing.shares[4]])
        }
        #expect(throws: ShamirError.missingShare(x: 4)) {
            try coefficients.reconstruct(Array(dealing.shares[0..<3]))
        }
        #expect(throws: ShamirError.insufficientShares(threshold: 3, provided: 2)) {
            try coefficients.reconstruct(Array(dealing.shares[0..<2]))
        }
        #expect(throws: ShamirError.duplicateShareIndex(x: 2)) {
            try coefficients.reconstruct([dealing.shares[0], dealing.shares[1], dealing.shares[1], dealing.shares[3]])
        }
        #expect(throws: ShamirError.insufficientShares(threshold: 3, provided: 2)) {
            try LagrangeCoefficients(holders: [1, 2], threshold: 3)
        }
        #expect(throws: ShamirError.duplicateShareIndex(x: 2)) {
            try LagrangeCoefficients(holders: [1, 2, 2], threshold: 2)
        }
    }

    @Test("derived key matches key derivation")
    func derivedKeyMatchesKeyDerivation() throws {
        let (secret, _) = try seededDealing(threshold: 1, shareCount: 1, seed: 11)
        let key = try Shamir.deriveKey(fromSecret: secret, label: "self-mask-seed", context: [[1, 2]])
        let expected = try KeyDerivation.deriveKey(from: secret.bytes, label: "self-mask-seed", context: [[1, 2]])
        #expect(key == expected)
        #expect(key.count == 32)
    }
}
