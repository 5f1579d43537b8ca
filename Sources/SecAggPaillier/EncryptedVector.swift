import SecAggBigInt
import SecAggPrimitives

/// A packed, encrypted vector of quantized values: one provider's update, or the sum of several.
///
/// ``summandCount`` counts the provider vectors in the sum. The aggregator's additions keep it, and unpacking
/// needs it to remove the offsets and to check the slots. It is at most the layout's ``PaillierPackingLayout/maximumSummands``.
public struct PaillierEncryptedVector: Sendable, Hashable {
    /// The identifier of the key.
    public let keyID: PaillierKeyID
    /// The packing layout.
    public let layout: PaillierPackingLayout
    /// The number of values, which may leave the last plaintext partly empty.
    public let valueCount: Int
    /// The number of provider vectors summed into this one, 1 for a fresh encryption.
    public let summandCount: Int
    /// The ciphertexts, `layout.ciphertextCount(forValueCount: valueCount)` of them.
    public let ciphertexts: [PaillierCiphertext]

    /// Assembles a vector from validated ciphertexts, checking that the parts agree.
    ///
    /// - Parameters:
    ///   - publicKey: The key that every ciphertext must belong to.
    ///   - layout: The packing layout.
    ///   - valueCount: The number of values.
    ///   - summandCount: The number of provider vectors in the sum, `1...layout.maximumSummands`.
    ///   - ciphertexts: The ciphertexts.
    /// - Throws: ``PaillierError/layoutMismatch(reason:)``, ``PaillierError/summandLimitExceeded(limit:count:)``
    ///   or ``PaillierError/keyMismatch(expected:actual:)``.
    public init(
        publicKey: PaillierPublicKey, layout: PaillierPackingLayout, valueCount: Int, summandCount: Int,
        ciphertexts: [PaillierCiphertext]
    ) throws {
        guard valueCount >= 0 else { throw PaillierError.layoutMismatch(reason: "the value count is negative") }
        let expected = layout.ciphertextCount(forValueCount: valueCount)
        guard ciphertexts.count == expected else {
            throw PaillierError.layoutMismatch(
                reason: "\(valueCount) values need \(expected) ciphertexts, got \(ciphertexts.count)")
        }
        guard summandCount >= 1 else {
            throw PaillierError.layoutMismatch(reason: "the summand count must be at least 1")
        }
        guard summandCount <= layout.maximumSummands else {
            throw PaillierError.summandLimitExceeded(limit: layout.maximumSummands, count: summandCount)
        }
        for ciphertext in ciphertexts {
            try publicKey.checkKey(of: ciphertext)
        }
        self.init(
            keyID: publicKey.id, layout: layout, valueCount: valueCount, summandCount: summandCount,
            ciphertexts: ciphertexts)
    }

    init(
        keyID: PaillierKeyID, layout: PaillierPackingLayout, valueCount: Int, summandCount: Int,
        ciphertexts: [PaillierCiphertext]
    ) {
        self.keyID = keyID
        self.layout = layout
        self.valueCount = valueCount
        self.summandCount = summandCount
        self.ciphertexts = ciphertexts
    }

    /// Returns the number of values in the plaintext at `index`: ``PaillierPackingLayout/slotsPerCiphertext``,
    /// or fewer for the last one.
    func slotCount(ofCiphertext index: Int) -> Int {
        min(layout.slotsPerCiphertext, valueCount - index * layout.slotsPerCiphertext)
    }
}

/// Encrypts quantized update vectors with packing, for one key and layout.
public struct PaillierVectorEncryptor: Sendable {
    /// The public key.
    public let publicKey: PaillierPublicKey
    /// The packing layout.
    public let layout: PaillierPackingLayout
    /// The fast-mode encryptor, or `nil` for plain mode.
    public let fastEncryptor: PaillierFastEncryptor?

    /// Creates an encryptor.
    ///
    /// - Warning: With a fast-mode encryptor, the encryption rests on its short-exponent assumption (see
    ///   ``PaillierFastEncryptor``).
    /// - Parameters:
    ///   - publicKey: The public key.
    ///   - layout: The packing layout, created for this key.
    ///   - fastEncryptor: An encryptor for fast mode, or `nil` for plain mode.
    /// - Throws: ``PaillierError/keyMismatch(expected:actual:)`` when the fast encryptor has another key.
    public init(
        publicKey: PaillierPublicKey, layout: PaillierPackingLayout, fastEncryptor: PaillierFastEncryptor? = nil
    ) throws {
        if let fastEncryptor, fastEncryptor.publicKey != publicKey {
            throw PaillierError.keyMismatch(
                expected: publicKey.id.description, actual: fastEncryptor.publicKey.id.description)
        }
        self.publicKey = publicKey
        self.layout = layout
        self.fastEncryptor = fastEncryptor
    }

    /// Returns the number of randomizing factors that encrypting `valueCount` values consumes.
    ///
    /// - Parameter valueCount: The number of values; a negative count needs 0 factors.
    /// - Returns: The number of ciphertexts.
    public func randomizerCount(forValueCount valueCount: Int) -> Int {
        layout.ciphertextCount(forValueCount: valueCount)
    }

    /// Computes the randomizing factors for one update ahead of the data, in this encryptor's mode.
    ///
    /// - Parameters:
    ///   - valueCount: The number of values of the update.
    ///   - source: The random source, ``SystemRandom`` in production.
    /// - Returns: The factors, each for one ciphertext.
    public func randomizers(forValueCount valueCount: Int, using source: inout some RandomSource)
        -> [PaillierRandomizer]
    {
        (0..<randomizerCount(forValueCount: valueCount)).map { _ in
            fastEncryptor?.randomizer(using: &source) ?? publicKey.randomizer(using: &source)
        }
    }

    /// Packs and encrypts an update.
    ///
    /// - Parameters:
    ///   - values: The quantized values, each in `[-(2^b - 1), 2^b - 1]` for the layout's `b`.
    ///   - source: The random source, ``SystemRandom`` in production.
    /// - Returns: The encrypted vector, with a summand count of 1.
    /// - Throws: ``PaillierError/valueOutOfSlotRange(index:valueBitWidth:)``.
    public func encrypt(_ values: [Int64], using source: inout some RandomSource) throws -> PaillierEncryptedVector {
        let slots = layout.slotsPerCiphertext
        var ciphertexts = [PaillierCiphertext]()
        ciphertexts.reserveCapacity(layout.ciphertextCount(forValueCount: values.count))
        for start in stride(from: 0, to: values.count, by: slots) {
            let plaintext = try layout.pack(values[start..<min(start + slots, values.count)], firstIndex: start)
            let randomizer = fastEncryptor?.randomizer(using: &source) ?? publicKey.randomizer(using: &source)
            ciphertexts.append(try publicKey.encrypt(plaintext, randomizer: randomizer))
        }
        return PaillierEncryptedVector(
            keyID: publicKey.id, layout: layout, valueCount: values.count, summandCount: 1, ciphertexts: ciphertexts)
    }

    /// Packs and encrypts an update with randomness drawn from ``SystemRandom``.
    ///
    /// - Throws: the errors of ``encrypt(_:using:)``.
    public func encrypt(_ values: [Int64]) throws -> PaillierEncryptedVector {
        var source = SystemRandom()
        return try encrypt(values, using: &source)
    }

    /// Packs and encrypts an update with randomizing factors computed ahead of time.
    ///
    /// - Parameters:
    ///   - values: The quantized values, each in `[-(2^b - 1), 2^b - 1]`.
    ///   - randomizers: Exactly ``randomizerCount(forValueCount:)`` unused factors of this key.
    /// - Returns: The encrypted vector, with a summand count of 1.
    /// - Throws: ``PaillierError/valueOutOfSlotRange(index:valueBitWidth:)``,
    ///   ``PaillierError/layoutMismatch(reason:)`` for a wrong number of factors, or
    ///   ``PaillierError/keyMismatch(expected:actual:)``.
    public func encrypt(_ values: [Int64], randomizers: [PaillierRandomizer]) throws -> PaillierEncryptedVector {
        let count = randomizerCount(forValueCount: values.count)
        guard randomizers.count == count else {
            throw PaillierError.layoutMismatch(
                reason: "\(values.count) values need \(count) factors, got \(randomizers.count)")
        }
        let slots = layout.slotsPerCiphertext
        var ciphertexts = [PaillierCiphertext]()
        ciphertexts.reserveCapacity(count)
        for (index, start) in stride(from: 0, to: values.count, by: slots).enumerated() {
            let plaintext = try layout.pack(values[start..<min(start + slots, values.count)], firstIndex: start)
            ciphertexts.append(try publicKey.encrypt(plaintext, randomizer: randomizers[index]))
        }
        return PaillierEncryptedVector(
            keyID: publicKey.id, layout: layout, valueCount: values.count, summandCount: 1, ciphertexts: ciphertexts)
    }
}

// MARK: - Aggregation

extension PaillierPublicKey {
    /// Adds encrypted vectors element by element, the aggregator's step.
    ///
    /// - Parameter vectors: One or more vectors of this key with equal layouts and value counts.
    /// - Returns: The encrypted sum, whose summand count is the total of the inputs'.
    /// - Throws: ``PaillierError/layoutMismatch(reason:)``, ``PaillierError/keyMismatch(expected:actual:)`` or
    ///   ``PaillierError/summandLimitExceeded(limit:count:)`` when the total exceeds the layout's maximum.
    public func sum(_ vectors: [PaillierEncryptedVector]) throws -> PaillierEncryptedVector {
        guard let first = vectors.first else {
            throw PaillierError.layoutMismatch(reason: "no vectors to add")
        }
        var summandCount = 0
        for vector in vectors {
            guard vector.keyID == id else {
                throw PaillierError.keyMismatch(expected: id.description, actual: vector.keyID.description)
            }
            guard vector.layout == first.layout, vector.valueCount == first.valueCount,
                vector.ciphertexts.count == first.ciphertexts.count
            else {
                throw PaillierError.layoutMismatch(reason: "the vectors differ in layout or length")
            }
            summandCount += vector.summandCount
            guard summandCount <= first.layout.maximumSummands else {
                throw PaillierError.summandLimitExceeded(limit: first.layout.maximumSummands, count: summandCount)
            }
        }
        var values = first.ciphertexts.map(\.value)
        for vector in vectors.dropFirst() {
            for index in values.indices {
                values[index] = Arithmetic.multiply(
                    values[index], vector.ciphertexts[index].value, modulo: modulusSquared)
            }
        }
        return PaillierEncryptedVector(
            keyID: id, layout: first.layout, valueCount: first.valueCount, summandCount: summandCount,
            ciphertexts: values.map { PaillierCiphertext(uncheckedValue: $0, keyID: id) })
    }

    /// Adds two encrypted vectors element by element.
    ///
    /// - Parameters:
    ///   - lhs: A vector of this key.
    ///   - rhs: A vector with the same layout and value count.
    /// - Returns: The encrypted sum.
    /// - Throws: See ``sum(_:)``.
    public func add(_ lhs: PaillierEncryptedVector, _ rhs: PaillierEncryptedVector) throws -> PaillierEncryptedVector {
        try sum([lhs, rhs])
    }
}

// MARK: - Decryption

extension PaillierPrivateKey {
    /// Decrypts a packed vector and unpacks every slot, reporting overflow per slot.
    ///
    /// - Parameters:
    ///   - vector: An encrypted vector of this key.
    ///   - minimumSummands: The fewest provider vectors that the sum must contain, so that a single provider's
    ///     update is never decrypted. Use 1 only where the key owner may see single updates.
    /// - Returns: One entry per value: the sum over the providers, or ``PaillierSlotSum/overflow``.
    /// - Throws: ``PaillierError/tooFewSummands(minimum:actual:)`` or ``PaillierError/keyMismatch(expected:actual:)``.
    public func decryptSlots(_ vector: PaillierEncryptedVector, minimumSummands: Int) throws -> [PaillierSlotSum] {
        guard vector.keyID == publicKey.id else {
            throw PaillierError.keyMismatch(expected: publicKey.id.description, actual: vector.keyID.description)
        }
        guard vector.summandCount >= minimumSummands else {
            throw PaillierError.tooFewSummands(minimum: minimumSummands, actual: vector.summandCount)
        }
        var slots = [PaillierSlotSum]()
        slots.reserveCapacity(vector.valueCount)
        for (index, ciphertext) in vector.ciphertexts.enumerated() {
            let plaintext = try decrypt(ciphertext)
            slots += try vector.layout.unpack(
                plaintext, summandCount: vector.summandCount, slotCount: vector.slotCount(ofCiphertext: index))
        }
        return slots
    }

    /// Decrypts a packed vector to its sums, throwing when any slot overflowed.
    ///
    /// - Parameters:
    ///   - vector: An encrypted vector of this key.
    ///   - minimumSummands: The fewest provider vectors that the sum must contain.
    /// - Returns: The sums, one per value.
    /// - Throws: ``PaillierError/slotOverflow(indices:count:)`` naming the overflowing positions, or the errors
    ///   of ``decryptSlots(_:minimumSummands:)``.
    public func decryptSums(_ vector: PaillierEncryptedVector, minimumSummands: Int) throws -> [Int64] {
        try PaillierSlotSum.sums(try decryptSlots(vector, minimumSummands: minimumSummands))
    }
}

extension PaillierSlotSum {
    /// Returns the sums of all slots, or throws ``PaillierError/slotOverflow(indices:count:)`` when any slot
    /// overflowed.
    ///
    /// - Parameter slots: The unpacked slots.
    /// - Returns: The sums.
    /// - Throws: ``PaillierError/slotOverflow(indices:count:)`` listing up to 16 positions.
    public static func sums(_ slots: [PaillierSlotSum]) throws -> [Int64] {
        var sums = [Int64]()
        sums.reserveCapacity(slots.count)
        var overflowing = [Int]()
        var overflowCount = 0
        for (index, slot) in slots.enumerated() {
            switch slot {
            case .sum(let value):
                sums.append(value)
            case .overflow:
                overflowCount += 1
                if overflowing.count < 16 { overflowing.append(index) }
            }
        }
        guard overflowCount == 0 else { throw PaillierError.slotOverflow(indices: overflowing, count: overflowCount) }
        return sums
    }
}
