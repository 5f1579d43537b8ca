import CSodium
import SecAggPrimitives
import Testing

@Suite("SecureBytes")
struct SecureBytesTests {
    @Test("equal contents compare equal")
    func equalContents() {
        let first = SecureBytes(copying: [1, 2, 3] as [UInt8])
        let second = SecureBytes(copying: [1, 2, 3] as [UInt8])
        #expect(first == second)
    }

    @Test("different contents compare unequal")
    func differentContents() {
        let first = SecureBytes(copying: [1, 2, 3] as [UInt8])
        let second = SecureBytes(copying: [1, 2, 4] as [UInt8])
        #expect(first != second)
    }

    @Test("different lengths compare unequal")
    func differentLengths() {
        let first = SecureBytes(copying: [1, 2, 3] as [UInt8])
        let second = SecureBytes(copying: [1, 2] as [UInt8])
        #expect(first != second)
    }

    @Test("description hides the content")
    func descriptionRedacted() {
        let secret = SecureBytes(copying: [0xde, 0xad, 0xbe, 0xef] as [UInt8])
        #expect(!secret.description.contains("de"))
        #expect(!secret.debugDescription.contains("ad"))
        #expect(secret.description == "SecureBytes(4 bytes, redacted)")
    }

    @Test("mutation copies shared storage")
    func copyOnWrite() {
        let original = SecureBytes(copying: [1, 2, 3] as [UInt8])
        var copy = original
        copy.withUnsafeMutableBytes { $0[0] = 9 }
        #expect(original[0] == 1)
        #expect(copy[0] == 9)
    }

    @Test("random bytes differ between draws")
    func randomDraws() {
        let first = SecureBytes(randomCount: 32)
        let second = SecureBytes(randomCount: 32)
        #expect(first != second)
        #expect(!first.isAllZero)
    }

    @Test("empty buffers are usable")
    func emptyBuffers() {
        let empty = SecureBytes(zeroedCount: 0)
        #expect(empty.isEmpty)
        #expect(empty == SecureBytes(copying: [UInt8]()))
        #expect(SHA256.hash(empty) == SHA256.hash([UInt8]()))
    }

    @Test("wipe zeroes an array")
    func wipeArray() {
        var bytes: [UInt8] = [1, 2, 3, 4]
        wipe(&bytes)
        #expect(bytes == [0, 0, 0, 0])
    }

    @Test("constant-time comparison of arrays")
    func constantTimeArrays() {
        #expect(constantTimeEqual([1, 2] as [UInt8], [1, 2] as [UInt8]))
        #expect(!constantTimeEqual([1, 2] as [UInt8], [1, 3] as [UInt8]))
        #expect(constantTimeEqual([UInt8](), [UInt8]()))
    }
}

@Suite("Randomness")
struct RandomSourceTests {
    @Test("seeded stream is reproducible")
    func seededReproducible() {
        var first = SeededRandom(seed: 7)
        var second = SeededRandom(seed: 7)
        #expect(first.bytes(count: 100) == second.bytes(count: 100))
    }

    @Test("seeded stream continues across calls")
    func seededContinues() {
        var whole = SeededRandom(seed: 11)
        var pieces = SeededRandom(seed: 11)
        let expected = whole.bytes(count: 150)
        let joined =
            pieces.bytes(count: 1) + pieces.bytes(count: 63) + pieces.bytes(count: 64) + pieces.bytes(count: 22)
        #expect(joined == expected)
    }

    @Test("different seeds give different streams")
    func seedsDiffer() {
        var first = SeededRandom(seed: 1)
        var second = SeededRandom(seed: 2)
        #expect(first.bytes(count: 32) != second.bytes(count: 32))
    }

    @Test("seeded stream equals libsodium's deterministic bytes")
    func seededMatchesLibsodium() throws {
        let seed = (0..<32).map { UInt8($0) }
        var source = try SeededRandom(seed: seed)
        var expected = [UInt8](repeating: 0, count: 300)
        randombytes_buf_deterministic(&expected, expected.count, seed)
        #expect(source.bytes(count: 300) == expected)
    }

    @Test("seed of wrong length is rejected")
    func seedLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "random seed", expected: 32, actual: 31)) {
            _ = try SeededRandom(seed: [UInt8](repeating: 0, count: 31))
        }
    }

    @Test("uniform draw stays below bound")
    func uniformBound() {
        for _ in 0..<1000 {
            #expect(SystemRandom.uniform(below: 7) < 7)
        }
    }
}
