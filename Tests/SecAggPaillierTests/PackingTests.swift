import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

@Suite("Paillier packing")
struct PackingTests {
    static let key = TestKeys.published
    static let publicKey = key.publicKey

    static func layout(valueBits: Int = 16, maximumSummands: Int = 8) -> PaillierPackingLayout {
        do {
            return try PaillierPackingLayout(
                valueBitWidth: valueBits, maximumSummands: maximumSummands, publicKey: publicKey)
        } catch {
            preconditionFailure("invalid test layout: \(error)")
        }
    }

    static func encryptor(_ layout: PaillierPackingLayout) -> PaillierVectorEncryptor {
        do {
            return try PaillierVectorEncryptor(publicKey: publicKey, layout: layout)
        } catch {
            preconditionFailure("invalid test encryptor: \(error)")
        }
    }

    @Test("Slot width includes guard bits")
    func slotWidthIncludesGuardBits() {
        let layout = Self.layout(valueBits: 16, maximumSummands: 1000)
        #expect(layout.slotBitWidth == 16 + 1 + 10 + 1)
        #expect(layout.slotsPerCiphertext == 2045 / 28)
        #expect(Self.layout(valueBits: 8, maximumSummands: 1).slotBitWidth == 10)
        #expect(Self.layout(valueBits: 8, maximumSummands: 2).slotBitWidth == 11)
        #expect(Self.layout(valueBits: 8, maximumSummands: 1024).slotBitWidth == 20)
        #expect(Self.layout(valueBits: 8, maximumSummands: 1025).slotBitWidth == 21)
    }

    @Test("Invalid layouts are rejected")
    func invalidLayoutsAreRejected() {
        #expect(throws: PaillierError.self) {
            try PaillierPackingLayout(valueBitWidth: 0, maximumSummands: 2, publicKey: Self.publicKey)
        }
        #expect(throws: PaillierError.self) {
            try PaillierPackingLayout(valueBitWidth: 49, maximumSummands: 2, publicKey: Self.publicKey)
        }
        #expect(throws: PaillierError.self) {
            try PaillierPackingLayout(valueBitWidth: 16, maximumSummands: 0, publicKey: Self.publicKey)
        }
        #expect(throws: PaillierError.self) {
            try PaillierPackingLayout(valueBitWidth: 48, maximumSummands: 1 << 20, publicKey: Self.publicKey)
        }
    }

    @Test("Slot wider than window is rejected")
    func slotWiderThanWindowIsRejected() throws {
        // A 64-bit test modulus from the primes 2^32 - 5 and 3 * 2^30 + 1 has a 62-bit window.
        let tiny = try PaillierPrivateKey(p: 4_294_967_291, q: 3_221_225_473, policy: .unsafeTestKeys)
        #expect(throws: PaillierError.self) {
            try PaillierPackingLayout(valueBitWidth: 48, maximumSummands: 1 << 13, publicKey: tiny.publicKey)
        }
        let fitting = try PaillierPackingLayout(valueBitWidth: 8, maximumSummands: 4, publicKey: tiny.publicKey)
        #expect(fitting.slotsPerCiphertext == 5)
    }

    @Test("Boundary values round trip")
    func boundaryValuesRoundTrip() throws {
        var source = SeededRandom(seed: 80)
        let layout = Self.layout()
        let limit = layout.maximumMagnitude
        let values: [Int64] = [limit, -limit, 0, 1, -1, limit - 1, -limit + 1]
        let encrypted = try Self.encryptor(layout).encrypt(values, using: &source)
        #expect(try Self.key.decryptSums(encrypted, minimumSummands: 1) == values)
    }

    @Test("Out-of-range values are named")
    func outOfRangeValuesAreNamed() {
        var source = SeededRandom(seed: 81)
        let layout = Self.layout()
        let values: [Int64] = [0, 1, layout.maximumMagnitude + 1]
        #expect(throws: PaillierError.valueOutOfSlotRange(index: 2, valueBitWidth: 16)) {
            try Self.encryptor(layout).encrypt(values, using: &source)
        }
        #expect(throws: PaillierError.valueOutOfSlotRange(index: 0, valueBitWidth: 16)) {
            try Self.encryptor(layout).encrypt([Int64.min], using: &source)
        }
    }

    @Test("Maximum summands sum exactly")
    func maximumSummandsSumExactly() throws {
        var source = SeededRandom(seed: 82)
        let layout = Self.layout(valueBits: 16, maximumSummands: 8)
        let limit = layout.maximumMagnitude
        let count = layout.slotsPerCiphertext + 3
        let positive = [Int64](repeating: limit, count: count)
        let negative = [Int64](repeating: -limit, count: count)
        let encryptor = Self.encryptor(layout)
        let top = try (0..<8).map { _ in try encryptor.encrypt(positive, using: &source) }
        let bottom = try (0..<8).map { _ in try encryptor.encrypt(negative, using: &source) }
        #expect(
            try Self.key.decryptSums(Self.publicKey.sum(top), minimumSummands: 8)
                == [Int64](repeating: 8 * limit, count: count))
        #expect(
            try Self.key.decryptSums(Self.publicKey.sum(bottom), minimumSummands: 8)
                == [Int64](repeating: -8 * limit, count: count))
    }

    @Test("Too many summands are rejected")
    func tooManySummandsAreRejected() throws {
        var source = SeededRandom(seed: 83)
        let layout = Self.layout(valueBits: 4, maximumSummands: 2)
        let vectors = try (0..<3).map { _ in try Self.encryptor(layout).encrypt([1, 2, 3], using: &source) }
        #expect(throws: PaillierError.summandLimitExceeded(limit: 2, count: 3)) { try Self.publicKey.sum(vectors) }
    }

    @Test("Slot overflow is reported per slot")
    func slotOverflowIsReportedPerSlot() throws {
        var source = SeededRandom(seed: 84)
        let layout = Self.layout(valueBits: 4, maximumSummands: 4)
        let limit = layout.maximumMagnitude
        let encrypted = try Self.encryptor(layout).encrypt([limit, 0, -limit, limit], using: &source)
        // Tripling the ciphertext while claiming two summands puts 3 * 2 * limit into slots 0 and 3, above the
        // 2 * 2 * limit that two honest summands can reach. Slots 1 and 2 contain 3 * limit and 0, which are in range.
        let tripled = try encrypted.ciphertexts.map { try Self.publicKey.multiply($0, by: 3) }
        let forged = try PaillierEncryptedVector(
            publicKey: Self.publicKey, layout: layout, valueCount: 4, summandCount: 2, ciphertexts: tripled)
        let slots = try Self.key.decryptSlots(forged, minimumSummands: 1)
        #expect(slots == [.overflow, .sum(limit), .sum(-2 * limit), .overflow])
        #expect(throws: PaillierError.slotOverflow(indices: [0, 3], count: 2)) {
            try Self.key.decryptSums(forged, minimumSummands: 1)
        }
    }

    @Test("Slot and summand counts are checked")
    func slotAndSummandCountsAreChecked() {
        let layout = Self.layout()
        let slots = layout.slotsPerCiphertext
        let values = [Int64](repeating: 1, count: slots + 1)
        #expect(throws: PaillierError.slotCountOutOfRange(count: slots + 1, slotsPerCiphertext: slots)) {
            try layout.pack(values[...])
        }
        #expect(throws: PaillierError.tooFewSummands(minimum: 1, actual: 0)) {
            try layout.unpack(BigInt(0), summandCount: 0, slotCount: 1)
        }
        #expect(throws: PaillierError.summandLimitExceeded(limit: 8, count: 9)) {
            try layout.unpack(BigInt(0), summandCount: 9, slotCount: 1)
        }
        #expect(throws: PaillierError.slotCountOutOfRange(count: -1, slotsPerCiphertext: slots)) {
            try layout.unpack(BigInt(0), summandCount: 1, slotCount: -1)
        }
        #expect(throws: PaillierError.slotCountOutOfRange(count: slots + 1, slotsPerCiphertext: slots)) {
            try layout.unpack(BigInt(0), summandCount: 1, slotCount: slots + 1)
        }
    }

    @Test("Carry past last slot is overflow")
    func carryPastLastSlotIsOverflow() throws {
        let layout = Self.layout()
        let plaintext = BigInt(1) << (layout.slotsPerCiphertext * layout.slotBitWidth)
        #expect(try layout.unpack(plaintext, summandCount: 1, slotCount: 3) == [.overflow, .overflow, .overflow])
    }

    @Test("Too few summands are refused")
    func tooFewSummandsAreRefused() throws {
        var source = SeededRandom(seed: 85)
        let encrypted = try Self.encryptor(Self.layout()).encrypt([1, 2, 3], using: &source)
        #expect(throws: PaillierError.tooFewSummands(minimum: 2, actual: 1)) {
            try Self.key.decryptSums(encrypted, minimumSummands: 2)
        }
    }

    @Test("Mismatched vectors are not added")
    func mismatchedVectorsAreNotAdded() throws {
        var source = SeededRandom(seed: 86)
        let short = try Self.encryptor(Self.layout()).encrypt([1, 2], using: &source)
        let long = try Self.encryptor(Self.layout()).encrypt([1, 2, 3], using: &source)
        let other = try Self.encryptor(Self.layout(valueBits: 8)).encrypt([1, 2], using: &source)
        #expect(throws: PaillierError.self) { try Self.publicKey.add(short, long) }
        #expect(throws: PaillierError.self) { try Self.publicKey.add(short, other) }
        #expect(throws: PaillierError.self) { try Self.publicKey.sum([]) }
    }

    @Test("Precomputed factors pack identically")
    func precomputedFactorsPackIdentically() throws {
        var source = SeededRandom(seed: 87)
        let layout = Self.layout()
        let fast = try PaillierFastEncryptor(publicKey: Self.publicKey, using: &source)
        let encryptor = try PaillierVectorEncryptor(publicKey: Self.publicKey, layout: layout, fastEncryptor: fast)
        let values = (0..<200).map { Int64($0) - 100 }
        let factors = encryptor.randomizers(forValueCount: values.count, using: &source)
        #expect(factors.count == layout.ciphertextCount(forValueCount: 200))
        let encrypted = try encryptor.encrypt(values, randomizers: factors)
        #expect(try Self.key.decryptSums(encrypted, minimumSummands: 1) == values)
        #expect(throws: PaillierError.self) { try encryptor.encrypt(values, randomizers: Array(factors.dropLast())) }
    }

    @Test("Encrypted vector wire round trip")
    func encryptedVectorWireRoundTrip() throws {
        var source = SeededRandom(seed: 88)
        let layout = Self.layout()
        let vectors = try (0..<2).map { _ in
            try Self.encryptor(layout).encrypt((0..<100).map { Int64($0) }, using: &source)
        }
        let sum = try Self.publicKey.sum(vectors)
        let decoded = try Self.publicKey.encryptedVector(wireEncoding: sum.wireEncoding(publicKey: Self.publicKey))
        #expect(decoded == sum)
        #expect(try Self.key.decryptSums(decoded, minimumSummands: 2) == (0..<100).map { 2 * Int64($0) })
    }

    @Test("Forged value count is rejected")
    func forgedValueCountIsRejected() throws {
        var source = SeededRandom(seed: 90)
        let encrypted = try Self.encryptor(Self.layout()).encrypt([1, 2, 3], using: &source)
        var bytes = encrypted.wireEncoding(publicKey: Self.publicKey)
        // The value count follows the 3-byte header, the 16-byte key identifier, u8 b and u32 K.
        bytes.replaceSubrange(24..<28, with: [0xff, 0xff, 0xff, 0xff])
        #expect(throws: PaillierError.self) { try Self.publicKey.encryptedVector(wireEncoding: bytes) }
        bytes.replaceSubrange(24..<28, with: [0, 0, 0, 3])
        #expect(try Self.publicKey.encryptedVector(wireEncoding: bytes) == encrypted)
    }

    @Test("Empty vector encrypts to nothing")
    func emptyVectorEncryptsToNothing() throws {
        var source = SeededRandom(seed: 89)
        let encrypted = try Self.encryptor(Self.layout()).encrypt([], using: &source)
        #expect(encrypted.ciphertexts.isEmpty)
        #expect(try Self.key.decryptSums(encrypted, minimumSummands: 1).isEmpty)
    }
}
