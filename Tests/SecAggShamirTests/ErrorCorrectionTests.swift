import SecAggPrimitives
import SecAggShamir
import Testing

@Suite struct ErrorCorrectionTests {
    /// Corrupts `errorCount` shares chosen by a seeded stream and returns the shares and the corrupted holders.
    func sharesWithErrors(_ shares: [Share], errorCount: Int, seed: UInt64) throws -> ([Share], [UInt32]) {
        var source = SeededRandom(seed: seed)
        let positions = Array(shares.indices.shuffled(using: &source).prefix(errorCount))
        var result = shares
        for position in positions {
            result[position] = try Share(
                splitID: shares[position].splitID, x: shares[position].x, value: .random(using: &source))
        }
        return (result, positions.map { shares[$0].x }.sorted())
    }

    @Test(
        "decoder names the bad holders",
        arguments: [(1, 3, 1), (3, 7, 2), (4, 7, 1), (5, 5, 0), (10, 30, 10), (20, 41, 10), (50, 100, 25)])
    func decoderNamesBadHolders(threshold: Int, shareCount: Int, errorCount: Int) throws {
        let (secret, dealing) = try seededDealing(
            threshold: threshold, shareCount: shareCount, seed: UInt64(shareCount))
        let (shares, bad) = try sharesWithErrors(dealing.shares, errorCount: errorCount, seed: UInt64(errorCount))
        let result = try Shamir.reconstructCorrectingErrors(shares, threshold: threshold)
        #expect(result.secret == secret)
        #expect(result.rejectedHolders == bad)
    }

    @Test("decoder corrects errors in any subset")
    func decoderCorrectsAnySubset() throws {
        let (secret, dealing) = try seededDealing(threshold: 2, shareCount: 7, seed: 51)
        for mask in 1..<(1 << 7) where mask.nonzeroBitCount <= 2 {
            var shares = dealing.shares
            for position in shares.indices where mask & (1 << position) != 0 {
                shares[position] = try corrupted(shares[position])
            }
            let expected = shares.indices.filter { mask & (1 << $0) != 0 }.map { UInt32($0 + 1) }
            let result = try Shamir.reconstructCorrectingErrors(shares, threshold: 2)
            #expect(result.secret == secret, "mask=\(mask)")
            #expect(result.rejectedHolders == expected, "mask=\(mask)")
        }
    }

    @Test("decoder refuses too many errors", arguments: [(3, 7, 3), (2, 5, 2), (10, 30, 11), (5, 6, 1), (20, 41, 15)])
    func decoderRefusesTooManyErrors(threshold: Int, shareCount: Int, errorCount: Int) throws {
        let (_, dealing) = try seededDealing(threshold: threshold, shareCount: shareCount, seed: UInt64(shareCount))
        let (shares, _) = try sharesWithErrors(dealing.shares, errorCount: errorCount, seed: UInt64(errorCount) + 1)
        let correctable = (shareCount - threshold) / 2
        let expected = ShamirError.tooManyErrors(
            threshold: threshold, shareCount: shareCount, correctable: correctable)
        #expect(throws: expected) { try Shamir.reconstructCorrectingErrors(shares, threshold: threshold) }
    }

    @Test("decoder handles a zero secret")
    func decoderHandlesZeroSecret() throws {
        let polynomial = try SharingPolynomial(coefficients: [.zero, .zero])
        let dealing = try polynomial.deal(shareCount: 5, splitID: testSplitID("zero"))
        var shares = dealing.shares
        shares[2] = try corrupted(shares[2])
        let result = try Shamir.reconstructCorrectingErrors(shares, threshold: 2)
        #expect(result.secret == .zero)
        #expect(result.rejectedHolders == [3])
    }

    @Test("decoder validates its input")
    func decoderValidatesInput() throws {
        let (_, dealing) = try seededDealing(threshold: 3, shareCount: 5, seed: 52)
        #expect(throws: ShamirError.insufficientShares(threshold: 3, provided: 2)) {
            try Shamir.reconstructCorrectingErrors(Array(dealing.shares.prefix(2)), threshold: 3)
        }
        #expect(throws: ShamirError.duplicateShareIndex(x: 1)) {
            try Shamir.reconstructCorrectingErrors(
                [dealing.shares[0], dealing.shares[0], dealing.shares[1]], threshold: 2)
        }
        #expect(throws: ShamirError.thresholdTooSmall(threshold: 0)) {
            try Shamir.reconstructCorrectingErrors(dealing.shares, threshold: 0)
        }
    }

    @Test("decoder scales with seeded shares")
    func decoderScalesWithSeededShares() throws {
        for (shareCount, threshold) in [(64, 20), (120, 60)] {
            let (secret, dealing) = try seededDealing(threshold: threshold, shareCount: shareCount, seed: 53)
            let correctable = (shareCount - threshold) / 2
            let (shares, bad) = try sharesWithErrors(dealing.shares, errorCount: correctable, seed: 54)
            let result = try Shamir.reconstructCorrectingErrors(shares, threshold: threshold)
            #expect(result.secret == secret, "n=\(shareCount)")
            #expect(result.rejectedHolders == bad, "n=\(shareCount)")
        }
    }
}
