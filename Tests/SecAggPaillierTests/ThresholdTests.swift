import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

@Suite("Paillier threshold decryption")
struct ThresholdTests {
    static let key = TestKeys.safe

    static func deal(threshold: Int, holders: Int, seed: UInt64) throws -> (
        PaillierThresholdParameters, [PaillierKeyShare]
    ) {
        var source = SeededRandom(seed: seed)
        return try PaillierThresholdDealer.deal(
            privateKey: key, threshold: threshold, holderCount: holders, using: &source)
    }

    static func subsets(of items: [Int], size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard items.count >= size else { return [] }
        var result = [[Int]]()
        for (index, item) in items.enumerated() {
            for rest in subsets(of: Array(items[(index + 1)...]), size: size - 1) {
                result.append([item] + rest)
            }
        }
        return result
    }

    @Test("Every t-subset decrypts", arguments: [(1, 3), (2, 3), (3, 3), (2, 4), (3, 5)])
    func everyTSubsetDecrypts(threshold: Int, holders: Int) throws {
        var source = SeededRandom(seed: 90)
        let (parameters, shares) = try Self.deal(threshold: threshold, holders: holders, seed: 91)
        let encoding = PaillierSignedEncoding(publicKey: Self.key.publicKey)
        let ciphertext = try encoding.encrypt(-4242, using: &source)
        let decryptionShares = try shares.map {
            try $0.decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        }
        for subset in Self.subsets(of: Array(1...holders), size: threshold) {
            let chosen = subset.map { decryptionShares[$0 - 1] }
            #expect(try encoding.decode(parameters.combine(chosen, for: ciphertext)) == -4242, "holders \(subset)")
        }
    }

    @Test("More than t shares decrypt")
    func moreThanTSharesDecrypt() throws {
        var source = SeededRandom(seed: 92)
        let (parameters, shares) = try Self.deal(threshold: 2, holders: 4, seed: 93)
        let ciphertext = try Self.key.publicKey.encrypt(777, using: &source)
        let all = try shares.map { try $0.decryptionShare(for: ciphertext, parameters: parameters, using: &source) }
        #expect(try parameters.combine(all.reversed(), for: ciphertext) == 777)
    }

    @Test("Fewer than t shares throw")
    func fewerThanTSharesThrow() throws {
        var source = SeededRandom(seed: 94)
        let (parameters, shares) = try Self.deal(threshold: 3, holders: 4, seed: 95)
        let ciphertext = try Self.key.publicKey.encrypt(5, using: &source)
        let two = try shares.prefix(2).map {
            try $0.decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        }
        #expect(throws: PaillierError.notEnoughDecryptionShares(required: 3, received: 2)) {
            try parameters.combine(two, for: ciphertext)
        }
    }

    @Test("Cheating holder is named")
    func cheatingHolderIsNamed() throws {
        var source = SeededRandom(seed: 96)
        let (parameters, shares) = try Self.deal(threshold: 2, holders: 3, seed: 97)
        let ciphertext = try Self.key.publicKey.encrypt(31, using: &source)
        let honest = try shares.map { try $0.decryptionShare(for: ciphertext, parameters: parameters, using: &source) }
        let modulus = Self.key.publicKey.modulusSquared
        let forged = try PaillierDecryptionShare(
            holder: 2, value: honest[1].value.multiplied(by: honest[1].value, modulo: modulus),
            challenge: honest[1].challenge, response: honest[1].response, parameters: parameters)
        #expect(!parameters.verify(forged, for: ciphertext))
        #expect(parameters.verify(honest[1], for: ciphertext))
        #expect(throws: PaillierError.invalidDecryptionShares(holders: [2])) {
            try parameters.combine([honest[0], forged, honest[2]], for: ciphertext)
        }
    }

    @Test("Every cheating holder is named")
    func everyCheatingHolderIsNamed() throws {
        var source = SeededRandom(seed: 98)
        let (parameters, shares) = try Self.deal(threshold: 2, holders: 3, seed: 99)
        let ciphertext = try Self.key.publicKey.encrypt(32, using: &source)
        let other = try Self.key.publicKey.encrypt(33, using: &source)
        // Holders 1 and 3 send valid shares of another ciphertext.
        let wrong = try [shares[0], shares[2]].map {
            try $0.decryptionShare(for: other, parameters: parameters, using: &source)
        }
        let honest = try shares[1].decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        #expect(throws: PaillierError.invalidDecryptionShares(holders: [1, 3])) {
            try parameters.combine([wrong[1], honest, wrong[0]], for: ciphertext)
        }
    }

    @Test("Tampered proof is rejected")
    func tamperedProofIsRejected() throws {
        var source = SeededRandom(seed: 100)
        let (parameters, shares) = try Self.deal(threshold: 1, holders: 2, seed: 101)
        let ciphertext = try Self.key.publicKey.encrypt(8, using: &source)
        let share = try shares[0].decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        let tampered = try PaillierDecryptionShare(
            holder: 1, value: share.value, challenge: share.challenge, response: share.response + 1,
            parameters: parameters)
        #expect(!parameters.verify(tampered, for: ciphertext))
    }

    @Test("Duplicate and unknown holders throw")
    func duplicateAndUnknownHoldersThrow() throws {
        var source = SeededRandom(seed: 102)
        let (parameters, shares) = try Self.deal(threshold: 2, holders: 3, seed: 103)
        let ciphertext = try Self.key.publicKey.encrypt(9, using: &source)
        let share = try shares[0].decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        #expect(throws: PaillierError.duplicateDecryptionShare(holder: 1)) {
            try parameters.combine([share, share], for: ciphertext)
        }
        #expect(throws: PaillierError.unknownKeyHolder(holder: 4)) {
            try PaillierDecryptionShare(
                holder: 4, value: share.value, challenge: share.challenge, response: share.response,
                parameters: parameters)
        }
    }

    @Test("Dealer requires safe primes")
    func dealerRequiresSafePrimes() {
        var source = SeededRandom(seed: 104)
        #expect(throws: PaillierError.factorNotSafePrime(factor: "p")) {
            try PaillierThresholdDealer.deal(privateKey: TestKeys.small, threshold: 2, holderCount: 3, using: &source)
        }
    }

    @Test("Invalid thresholds are rejected")
    func invalidThresholdsAreRejected() {
        var source = SeededRandom(seed: 105)
        for (threshold, holders) in [(0, 3), (4, 3), (2, 256)] {
            #expect(
                throws: PaillierError.invalidThreshold(
                    threshold: threshold, holderCount: holders, maximumHolderCount: 255)
            ) {
                try PaillierThresholdDealer.deal(
                    privateKey: Self.key, threshold: threshold, holderCount: holders, using: &source)
            }
        }
    }

    @Test("Inconsistent key share is rejected")
    func inconsistentKeyShareIsRejected() throws {
        let (parameters, shares) = try Self.deal(threshold: 2, holders: 3, seed: 106)
        #expect(throws: PaillierError.self) {
            try PaillierKeyShare(holder: 1, share: shares[1].unprotectedShare, parameters: parameters)
        }
        let valid = try PaillierKeyShare(holder: 2, share: shares[1].unprotectedShare, parameters: parameters)
        #expect(valid.holder == 2)
    }

    @Test("Threshold encodings round trip")
    func thresholdEncodingsRoundTrip() throws {
        var source = SeededRandom(seed: 107)
        let (parameters, shares) = try Self.deal(threshold: 2, holders: 3, seed: 108)
        let decoded = try PaillierThresholdParameters(wireEncoding: parameters.wireEncoding, policy: .unsafeTestKeys)
        #expect(decoded == parameters)
        let share = try parameters.keyShare(wireEncoding: shares[2].wireEncoding)
        #expect(share.unprotectedShare == shares[2].unprotectedShare)
        let ciphertext = try Self.key.publicKey.encrypt(10, using: &source)
        let decryptionShare = try share.decryptionShare(for: ciphertext, parameters: parameters, using: &source)
        let bytes = decryptionShare.wireEncoding(publicKey: Self.key.publicKey)
        #expect(try parameters.decryptionShare(wireEncoding: bytes) == decryptionShare)
        #expect(throws: PaillierError.self) { try parameters.decryptionShare(wireEncoding: bytes + [0]) }
    }

    @Test("Key share description hides share")
    func keyShareDescriptionHidesShare() throws {
        let (_, shares) = try Self.deal(threshold: 2, holders: 3, seed: 109)
        let text = "\(shares[0])"
        #expect(!text.contains(shares[0].unprotectedShare.description))
        #expect(!text.contains(shares[0].unprotectedShare.hexString))
        #expect(text.contains("redacted"))
    }

    @Test("Packed aggregate decrypts by threshold")
    func packedAggregateDecryptsByThreshold() throws {
        var source = SeededRandom(seed: 110)
        let (parameters, shares) = try Self.deal(threshold: 2, holders: 3, seed: 111)
        let layout = try PaillierPackingLayout(valueBitWidth: 8, maximumSummands: 4, publicKey: Self.key.publicKey)
        let encryptor = try PaillierVectorEncryptor(publicKey: Self.key.publicKey, layout: layout)
        let first: [Int64] = (0..<30).map { Int64($0) - 15 }
        let second: [Int64] = (0..<30).map { _ in 255 }
        let aggregate = try Self.key.publicKey.add(
            encryptor.encrypt(first, using: &source), encryptor.encrypt(second, using: &source))
        #expect(throws: PaillierError.tooFewSummands(minimum: 3, actual: 2)) {
            try shares[0].decryptionShares(for: aggregate, parameters: parameters, minimumSummands: 3, using: &source)
        }
        let vectorShares = try [shares[0], shares[2]].map {
            try $0.decryptionShares(for: aggregate, parameters: parameters, minimumSummands: 2, using: &source)
        }
        #expect(try parameters.combineSums(vectorShares, for: aggregate) == zip(first, second).map { $0 + $1 })
    }
}

@Suite("Paillier batch decryption shares")
struct BatchDecryptionTests {
    static let key = TestKeys.safe

    static func aggregate(seed: UInt64) throws -> (PaillierEncryptedVector, [Int64]) {
        var source = SeededRandom(seed: seed)
        let layout = try PaillierPackingLayout(valueBitWidth: 8, maximumSummands: 4, publicKey: key.publicKey)
        let encryptor = try PaillierVectorEncryptor(publicKey: key.publicKey, layout: layout)
        let first: [Int64] = (0..<60).map { Int64($0) - 30 }
        let second: [Int64] = (0..<60).map { Int64(255 - 2 * $0) }
        let sum = try key.publicKey.add(
            encryptor.encrypt(first, using: &source), encryptor.encrypt(second, using: &source))
        return (sum, zip(first, second).map { $0 + $1 })
    }

    @Test("Batch shares decrypt every subset")
    func batchSharesDecryptEverySubset() throws {
        var source = SeededRandom(seed: 130)
        let (parameters, shares) = try ThresholdTests.deal(threshold: 2, holders: 3, seed: 131)
        let (aggregate, expected) = try Self.aggregate(seed: 132)
        #expect(aggregate.ciphertexts.count == 3)
        let batches = try shares.map {
            try $0.batchDecryptionShare(for: aggregate, parameters: parameters, minimumSummands: 2, using: &source)
        }
        for batch in batches {
            #expect(parameters.verify(batch, for: aggregate), "holder \(batch.holder)")
        }
        for subset in ThresholdTests.subsets(of: [1, 2, 3], size: 2) {
            let chosen = subset.map { batches[$0 - 1] }
            #expect(try parameters.combineSums(chosen, for: aggregate) == expected, "holders \(subset)")
        }
    }

    @Test("Batch proof names cheating holder")
    func batchProofNamesCheatingHolder() throws {
        var source = SeededRandom(seed: 133)
        let (parameters, shares) = try ThresholdTests.deal(threshold: 2, holders: 3, seed: 134)
        let (aggregate, _) = try Self.aggregate(seed: 135)
        let batches = try shares.map {
            try $0.batchDecryptionShare(for: aggregate, parameters: parameters, minimumSummands: 2, using: &source)
        }
        // Holder 2 changes its share of the last ciphertext only and keeps its proof.
        var values = batches[1].values
        values[2] = try values[2].multiplied(by: parameters.verificationBase, modulo: Self.key.publicKey.modulusSquared)
        let forged = try PaillierBatchDecryptionShare(
            holder: 2, values: values, challenge: batches[1].challenge, response: batches[1].response,
            parameters: parameters)
        #expect(!parameters.verify(forged, for: aggregate))
        #expect(throws: PaillierError.invalidDecryptionShares(holders: [2])) {
            try parameters.combineSums([batches[0], forged, batches[2]], for: aggregate)
        }
    }

    @Test("Batch share of other vector fails")
    func batchShareOfOtherVectorFails() throws {
        var source = SeededRandom(seed: 136)
        let (parameters, shares) = try ThresholdTests.deal(threshold: 2, holders: 3, seed: 137)
        let (first, _) = try Self.aggregate(seed: 138)
        let (second, _) = try Self.aggregate(seed: 139)
        let batch = try shares[0].batchDecryptionShare(
            for: first, parameters: parameters, minimumSummands: 2, using: &source)
        #expect(parameters.verify(batch, for: first))
        #expect(!parameters.verify(batch, for: second))
    }

    @Test("Batch shares need minimum summands")
    func batchSharesNeedMinimumSummands() throws {
        var source = SeededRandom(seed: 140)
        let (parameters, shares) = try ThresholdTests.deal(threshold: 2, holders: 3, seed: 141)
        let (aggregate, _) = try Self.aggregate(seed: 142)
        #expect(throws: PaillierError.tooFewSummands(minimum: 3, actual: 2)) {
            try shares[0].batchDecryptionShare(
                for: aggregate, parameters: parameters, minimumSummands: 3, using: &source)
        }
    }

    @Test("Batch share wire round trip")
    func batchShareWireRoundTrip() throws {
        var source = SeededRandom(seed: 143)
        let (parameters, shares) = try ThresholdTests.deal(threshold: 2, holders: 3, seed: 144)
        let (aggregate, _) = try Self.aggregate(seed: 145)
        let batch = try shares[1].batchDecryptionShare(
            for: aggregate, parameters: parameters, minimumSummands: 2, using: &source)
        var bytes = batch.wireEncoding(publicKey: Self.key.publicKey)
        #expect(try parameters.batchDecryptionShare(wireEncoding: bytes) == batch)
        // The share count follows the 3-byte header, the 16-byte key identifier and the u16 holder.
        bytes.replaceSubrange(21..<25, with: [0xff, 0xff, 0xff, 0xff])
        #expect(throws: PaillierError.self) { try parameters.batchDecryptionShare(wireEncoding: bytes) }
    }
}
