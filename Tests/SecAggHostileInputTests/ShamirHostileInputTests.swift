import SecAggPrimitives
import SecAggShamir
import Testing

/// Hostile Shamir inputs: indices at and past the limits, duplicate indices, thresholds at the limits, shares of
/// another split, and non-canonical values, each with the exact error or secret.
@Suite("Hostile Shamir inputs")
struct ShamirHostileInputTests {
    static let splitID = SplitIDs.make("hostile split")
    static let otherSplitID = SplitIDs.make("another split")

    /// Returns a dealing of the secret 1234 with threshold 3 over 5 holders, from a fixed seed.
    static func dealing(splitID: SplitID = splitID) throws -> Dealing {
        var source = SeededRandom(seed: 61)
        return try Shamir.split(
            secret: Ristretto255.Scalar(1234), threshold: 3, shareCount: 5, splitID: splitID, using: &source)
    }

    /// Returns a share encoding with index `x` and value 5.
    static func encoding(x: UInt32, value: [UInt8] = Ristretto255.Scalar(5).bytes.unprotectedCopy()) -> [UInt8] {
        splitID.bytes + [UInt8(x >> 24), UInt8(x >> 16 & 0xFF), UInt8(x >> 8 & 0xFF), UInt8(x & 0xFF)] + value
    }

    static let decodingCases: [(name: String, bytes: [UInt8], error: ShamirError)] = [
        ("x = 0", encoding(x: 0), .shareIndexOutOfRange(x: 0, maximum: 65_535)),
        ("x above the maximum", encoding(x: 65_536), .shareIndexOutOfRange(x: 65_536, maximum: 65_535)),
        ("x = 2^32 - 1", encoding(x: .max), .shareIndexOutOfRange(x: .max, maximum: 65_535)),
        ("value = ℓ", encoding(x: 1, value: Ristretto255.orderBytes), .nonCanonicalShareValue(x: 1)),
        (
            "value = 2^256 - 1", encoding(x: 7, value: [UInt8](repeating: 0xFF, count: 32)),
            .nonCanonicalShareValue(x: 7)
        ),
        (
            "one byte short", Array(encoding(x: 1).dropLast()),
            .invalidEncodingLength(kind: "share", expected: 68, actual: 67)
        ),
        ("one byte long", encoding(x: 1) + [0], .invalidEncodingLength(kind: "share", expected: 68, actual: 69)),
    ]

    @Test("share decoding rejects hostile encodings", arguments: decodingCases)
    func shareDecoding(testCase: (name: String, bytes: [UInt8], error: ShamirError)) {
        #expect(throws: testCase.error, "\(testCase.name)") { try Share(encoding: testCase.bytes) }
    }

    @Test("share index limits decode")
    func indexLimitsDecode() throws {
        #expect(try Share(encoding: Self.encoding(x: 1)).x == 1)
        #expect(try Share(encoding: Self.encoding(x: 65_535)).x == 65_535)
        let largest = Ristretto255.orderBytes.enumerated().map { $0.offset == 0 ? $0.element - 1 : $0.element }
        #expect(try Share(encoding: Self.encoding(x: 3, value: largest)).value.bytes == SecureBytes(copying: largest))
    }

    @Test("reconstruction rejects hostile share sets")
    func reconstructionRejects() throws {
        let shares = try Self.dealing().shares
        let foreign = try Self.dealing(splitID: Self.otherSplitID).shares
        let altered = try Share(splitID: Self.splitID, x: 4, value: shares[3].value + .one)
        let cases: [(name: String, shares: [Share], threshold: Int, error: ShamirError)] = [
            ("duplicate index", [shares[0], shares[1], shares[1]], 3, .duplicateShareIndex(x: 2)),
            ("same index, different value", [shares[0], shares[1], altered, altered], 3, .duplicateShareIndex(x: 4)),
            ("threshold 0", Array(shares.prefix(3)), 0, .thresholdTooSmall(threshold: 0)),
            ("threshold -1", Array(shares.prefix(3)), -1, .thresholdTooSmall(threshold: -1)),
            (
                "threshold above the maximum", Array(shares.prefix(3)), 65_536,
                .thresholdTooLarge(threshold: 65_536, maximum: 65_535)
            ),
            (
                "threshold at the maximum", Array(shares.prefix(3)), 65_535,
                .insufficientShares(threshold: 65_535, provided: 3)
            ),
            ("one share short", Array(shares.prefix(2)), 3, .insufficientShares(threshold: 3, provided: 2)),
            ("no shares", [], 1, .insufficientShares(threshold: 1, provided: 0)),
            (
                "a share of another split", [shares[0], shares[1], foreign[2]], 3,
                .splitIDMismatch(
                    expected: Self.splitID.prefix, found: Self.otherSplitID.prefix, x: 3)
            ),
            (
                "an altered extra share", [shares[0], shares[1], shares[2], altered], 3,
                .inconsistentShares(threshold: 3, shareCount: 4)
            ),
        ]
        for testCase in cases {
            #expect(throws: testCase.error, "\(testCase.name)") {
                try Shamir.reconstruct(testCase.shares, threshold: testCase.threshold)
            }
        }
    }

    @Test("reconstruction at the threshold is exact")
    func reconstructionExact() throws {
        let shares = try Self.dealing().shares
        #expect(try Shamir.reconstruct(Array(shares.prefix(3)), threshold: 3) == Ristretto255.Scalar(1234))
        #expect(try Shamir.reconstruct(Array(shares.suffix(3)), threshold: 3) == Ristretto255.Scalar(1234))
        #expect(try Shamir.reconstruct(shares, threshold: 3) == Ristretto255.Scalar(1234))
        let single = try Share(splitID: Self.splitID, x: 9, value: Ristretto255.Scalar(77))
        #expect(try Shamir.reconstruct([single], threshold: 1) == Ristretto255.Scalar(77))
    }

    @Test("verification rejects foreign and altered shares")
    func verificationRejects() throws {
        let dealing = try Self.dealing()
        let foreign = try Self.dealing(splitID: Self.otherSplitID).shares[0]
        let altered = try Share(splitID: Self.splitID, x: 2, value: dealing.shares[1].value + .one)
        #expect(
            throws: ShamirError.splitIDMismatch(expected: Self.splitID.prefix, found: Self.otherSplitID.prefix, x: 1)
        ) { try dealing.commitments.verify(foreign) }
        #expect(throws: ShamirError.shareVerificationFailed(holders: [2])) { try dealing.commitments.verify(altered) }
        var source = SeededRandom(seed: 62)
        let shares = [dealing.shares[0], altered, dealing.shares[2]]
        #expect(try dealing.commitments.invalidShareHolders(in: shares, using: &source) == [2])
    }

    /// Share indices are `UInt32`, at most 65,535, and the field is the ristretto255 scalar field of order
    /// ℓ > 2^252. Two different indices are different integers below ℓ, so they are never congruent mod ℓ, and
    /// the only way to name one point twice is to repeat the index, which every entry point rejects.
    @Test("distinct indices are never congruent")
    func indicesNeverCongruent() {
        #expect(Ristretto255.orderBytes[31] == 0x10)
        #expect(UInt64(Shamir.maximumShareCount) < UInt64(UInt32.max))
    }
}

/// Split IDs from labels.
enum SplitIDs {
    static func make(_ label: String) -> SplitID {
        do {
            return try SplitID(bytes: SHA256.hash(Array(label.utf8)))
        } catch {
            preconditionFailure("a SHA-256 digest is a valid split ID: \(error)")
        }
    }
}
