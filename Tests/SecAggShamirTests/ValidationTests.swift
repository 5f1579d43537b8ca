import SecAggPrimitives
import SecAggShamir
import Testing

@Suite struct ValidationTests {
    let splitID = testSplitID("validation")

    @Test("threshold zero throws")
    func thresholdZeroThrows() throws {
        #expect(throws: ShamirError.thresholdTooSmall(threshold: 0)) {
            try Shamir.split(secret: .one, threshold: 0, shareCount: 3, splitID: splitID)
        }
        #expect(throws: ShamirError.thresholdTooSmall(threshold: -1)) {
            try Shamir.reconstruct([], threshold: -1)
        }
    }

    @Test("threshold above share count throws")
    func thresholdAboveShareCountThrows() throws {
        #expect(throws: ShamirError.thresholdExceedsShareCount(threshold: 4, shareCount: 3)) {
            try Shamir.split(secret: .one, threshold: 4, shareCount: 3, splitID: splitID)
        }
    }

    @Test("threshold above maximum throws")
    func thresholdAboveMaximumThrows() throws {
        #expect(throws: ShamirError.thresholdTooLarge(threshold: 65_536, maximum: 65_535)) {
            try Shamir.reconstruct([], threshold: 65_536)
        }
    }

    @Test("share count out of range throws", arguments: [0, -3, 65_536, 1_000_000])
    func shareCountOutOfRangeThrows(shareCount: Int) throws {
        #expect(throws: ShamirError.shareCountOutOfRange(shareCount: shareCount, maximum: Shamir.maximumShareCount)) {
            try Shamir.split(secret: .one, threshold: 1, shareCount: shareCount, splitID: splitID)
        }
    }

    @Test("share index out of range throws", arguments: [UInt32(0), 65_536, UInt32.max])
    func shareIndexOutOfRangeThrows(x: UInt32) throws {
        #expect(throws: ShamirError.shareIndexOutOfRange(x: x, maximum: Shamir.maximumShareCount)) {
            try Share(splitID: splitID, x: x, value: .one)
        }
    }

    @Test("duplicate share index throws")
    func duplicateShareIndexThrows() throws {
        let (_, dealing) = try seededDealing(threshold: 2, shareCount: 3, seed: 21)
        let shares = [dealing.shares[0], dealing.shares[1], dealing.shares[1]]
        #expect(throws: ShamirError.duplicateShareIndex(x: 2)) {
            try Shamir.reconstruct(shares, threshold: 2)
        }
    }

    @Test("shares of two splits throw")
    func sharesOfTwoSplitsThrow() throws {
        let (_, first) = try seededDealing(threshold: 2, shareCount: 3, seed: 22, label: "first")
        let (_, second) = try seededDealing(threshold: 2, shareCount: 3, seed: 22, label: "second")
        let expected = ShamirError.splitIDMismatch(
            expected: first.splitID.prefix, found: second.splitID.prefix, x: 2)
        #expect(throws: expected) {
            try Shamir.reconstruct([first.shares[0], second.shares[1]], threshold: 2)
        }
        #expect(first.splitID.prefix.count == 8)
    }

    @Test("share encoding round trips")
    func shareEncodingRoundTrips() throws {
        let (_, dealing) = try seededDealing(threshold: 2, shareCount: 3, seed: 23)
        let encoding = dealing.shares[2].encoded()
        #expect(encoding.count == 68)
        #expect(try Share(encoding: encoding) == dealing.shares[2])
        #expect(encoding.unprotectedBytesForTest()[32..<36] == [0, 0, 0, 3])
    }

    @Test("share encoding of wrong length throws", arguments: [0, 67, 69, 100])
    func shareEncodingWrongLengthThrows(length: Int) throws {
        #expect(throws: ShamirError.invalidEncodingLength(kind: "share", expected: 68, actual: length)) {
            try Share(encoding: [UInt8](repeating: 1, count: length))
        }
    }

    @Test("share encoding with index zero throws")
    func shareEncodingIndexZeroThrows() throws {
        let (_, dealing) = try seededDealing(threshold: 2, shareCount: 3, seed: 24)
        var bytes = dealing.shares[0].encoded().unprotectedBytesForTest()
        bytes[35] = 0
        #expect(throws: ShamirError.shareIndexOutOfRange(x: 0, maximum: Shamir.maximumShareCount)) {
            try Share(encoding: bytes)
        }
    }

    @Test("non-canonical share value throws")
    func nonCanonicalShareValueThrows() throws {
        var bytes = testSplitID("encoding").bytes + [0, 0, 0, 5]
        bytes += Ristretto255.orderBytes
        #expect(throws: ShamirError.nonCanonicalShareValue(x: 5)) {
            try Share(encoding: bytes)
        }
        bytes[bytes.count - 1] = 0xff
        #expect(throws: ShamirError.nonCanonicalShareValue(x: 5)) {
            try Share(encoding: bytes)
        }
    }

    @Test("split ID of wrong length throws")
    func splitIDWrongLengthThrows() throws {
        #expect(throws: ShamirError.invalidEncodingLength(kind: "split ID", expected: 32, actual: 31)) {
            try SplitID(bytes: [UInt8](repeating: 0, count: 31))
        }
    }

    @Test("commitment encoding round trips")
    func commitmentEncodingRoundTrips() throws {
        let (_, dealing) = try seededDealing(threshold: 4, shareCount: 6, seed: 25)
        let encoding = dealing.commitments.encoded()
        #expect(encoding.count == 36 + 4 * 32)
        #expect(try FeldmanCommitments(encoding: encoding) == dealing.commitments)
    }

    @Test("commitment encoding of wrong length throws")
    func commitmentEncodingWrongLengthThrows() throws {
        let (_, dealing) = try seededDealing(threshold: 4, shareCount: 6, seed: 26)
        let encoding = dealing.commitments.encoded()
        #expect(throws: ShamirError.invalidEncodingLength(kind: "commitments", expected: 164, actual: 163)) {
            try FeldmanCommitments(encoding: encoding.dropLast())
        }
        #expect(throws: ShamirError.invalidEncodingLength(kind: "commitments header", expected: 36, actual: 35)) {
            try FeldmanCommitments(encoding: encoding.prefix(35))
        }
    }

    @Test("commitment threshold field throws")
    func commitmentThresholdFieldThrows() throws {
        var encoding = testSplitID("threshold").bytes + [0, 0, 0, 0]
        #expect(throws: ShamirError.thresholdTooSmall(threshold: 0)) {
            try FeldmanCommitments(encoding: encoding)
        }
        encoding[32] = 0x7f
        #expect(throws: ShamirError.thresholdTooLarge(threshold: 0x7f00_0000, maximum: Shamir.maximumShareCount)) {
            try FeldmanCommitments(encoding: encoding)
        }
    }

    @Test("invalid commitment point throws")
    func invalidCommitmentPointThrows() throws {
        let (_, dealing) = try seededDealing(threshold: 3, shareCount: 3, seed: 27)
        var encoding = dealing.commitments.encoded()
        // 0xff…ff is not canonical: its field element is above p = 2^255 − 19.
        for offset in (36 + 32)..<(36 + 64) { encoding[offset] = 0xff }
        #expect(throws: ShamirError.invalidCommitmentPoint(index: 1)) {
            try FeldmanCommitments(encoding: encoding)
        }
    }

    @Test("empty commitment set throws")
    func emptyCommitmentSetThrows() throws {
        #expect(throws: ShamirError.thresholdTooSmall(threshold: 0)) {
            try FeldmanCommitments(splitID: splitID, points: [])
        }
    }

    @Test("coefficients list empty throws")
    func emptyCoefficientsThrow() throws {
        #expect(throws: ShamirError.thresholdTooSmall(threshold: 0)) {
            try SharingPolynomial(coefficients: [])
        }
    }

    @Test("descriptions hide secret values")
    func descriptionsHideSecretValues() throws {
        let (secret, dealing) = try seededDealing(threshold: 2, shareCount: 2, seed: 28)
        let polynomial = try SharingPolynomial(coefficients: [secret, .one])
        let secretHex = Hex.encode(secret.bytes)
        let shareHex = Hex.encode(dealing.shares[0].value.bytes)
        #expect(!"\(dealing.shares[0])".contains(shareHex))
        #expect(!"\(polynomial)".contains(secretHex))
        #expect("\(dealing.shares[0])".contains("x: 1"))
    }

    @Test("error messages name the value")
    func errorMessagesNameTheValue() {
        #expect("\(ShamirError.duplicateShareIndex(x: 7))".contains("7"))
        #expect("\(ShamirError.thresholdTooSmall(threshold: 0))".contains("at least 1"))
        #expect(
            "\(ShamirError.insufficientShares(threshold: 5, provided: 2))"
                == "insufficient shares: 2 given, the threshold needs 5")
    }
}

extension SecureBytes {
    /// Returns a plain copy of the bytes, for tests that edit an encoding.
    func unprotectedBytesForTest() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
