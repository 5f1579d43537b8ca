import SecAggPrimitives
import Testing

@testable import SecAggMasking

@Suite("Mask keys")
struct MaskKeyTests {
    static let modulus = Result { try Modulus.powerOfTwo(bits: 32) }

    @Test("pairwise key ignores id order")
    func pairwiseKeyIgnoresIdOrder() throws {
        let modulus = try Self.modulus.get()
        let forward = try Fixture.pairKey(modulus: modulus, length: 10, 3, 9)
        let backward = try Fixture.pairKey(modulus: modulus, length: 10, 9, 3)
        #expect(forward.expansionKey == backward.expansionKey)
        #expect(forward.owner == .pairwise(lower: 3, higher: 9))
    }

    @Test("X25519 peers derive one key")
    func x25519PeersDeriveOneKey() throws {
        var random = SeededRandom(seed: 61)
        let first = X25519.PrivateKey(using: &random)
        let second = X25519.PrivateKey(using: &random)
        let context = try Fixture.context(modulus: Self.modulus.get(), length: 10)
        let fromFirst = try MaskKey.pairwise(
            sharedSecret: first.sharedSecret(with: second.publicKey), between: 1, and: 2, context: context)
        let fromSecond = try MaskKey.pairwise(
            sharedSecret: second.sharedSecret(with: first.publicKey), between: 2, and: 1, context: context)
        #expect(fromFirst.expansionKey == fromSecond.expansionKey)
    }

    @Test("every binding changes the key")
    func everyBindingChangesKey() throws {
        let modulus = try Self.modulus.get()
        let session = Fixture.sessionID
        func key(
            task: [UInt8] = [1], round: UInt64 = 1, session: [UInt8] = session, name: String = "update",
            length: Int = 10, modulus: Modulus = modulus, pair: (UInt32, UInt32) = (1, 2)
        ) throws -> SymmetricKey {
            let context = try MaskContext(
                taskID: task, round: round, sessionID: session, vectorName: name, length: length, modulus: modulus)
            return try MaskKey.pairwise(secret: Fixture.seed(1), between: pair.0, and: pair.1, context: context)
                .expansionKey
        }
        let base = try key()
        #expect(base != (try key(task: [2])))
        #expect(base != (try key(round: 2)))
        #expect(base != (try key(session: [UInt8](repeating: 0, count: 32))))
        #expect(base != (try key(name: "bias")))
        #expect(base != (try key(length: 11)))
        #expect(base != (try key(modulus: Modulus.powerOfTwo(bits: 31))))
        #expect(base != (try key(modulus: Modulus.prime(4_294_967_291))))
        #expect(base != (try key(pair: (1, 3))))
    }

    @Test("self and pairwise keys differ")
    func selfAndPairwiseKeysDiffer() throws {
        let modulus = try Self.modulus.get()
        let selfKey = try Fixture.selfKey(modulus: modulus, length: 10, provider: 1, seed: 5)
        let pairKey = try Fixture.pairKey(modulus: modulus, length: 10, 1, 2, seed: 5)
        #expect(selfKey.expansionKey != pairKey.expansionKey)
    }

    @Test("sign rule cancels pairwise masks")
    func signRuleCancelsPairwiseMasks() throws {
        let modulus = try Self.modulus.get()
        let pairKey = try Fixture.pairKey(modulus: modulus, length: 10, 7, 4)
        let selfKey = try Fixture.selfKey(modulus: modulus, length: 10, provider: 4)
        #expect(try MaskTerm.applied(by: 4, key: pairKey).sign == .add)
        #expect(try MaskTerm.applied(by: 7, key: pairKey).sign == .subtract)
        #expect(try MaskTerm.applied(by: 4, key: selfKey).sign == .add)
        #expect(try MaskTerm.removal(of: selfKey, appliedBy: 4).sign == .subtract)
        #expect(try MaskTerm.removal(of: pairKey, appliedBy: 7).sign == .add)
    }

    @Test("description hides the key")
    func descriptionHidesKey() throws {
        let key = try Fixture.selfKey(modulus: Self.modulus.get(), length: 10)
        let keyHex = Hex.encode(key.expansionKey.bytes.unprotectedCopy())
        #expect(!key.description.contains(keyHex))
        #expect(key.description.contains("redacted"))
    }

    @Test("keys reject invalid input")
    func keysRejectInvalidInput() throws {
        let modulus = try Self.modulus.get()
        let context = try Fixture.context(modulus: modulus, length: 10)
        #expect(throws: MaskingError.samePairwiseProvider(id: 3)) {
            try MaskKey.pairwise(secret: Fixture.seed(1), between: 3, and: 3, context: context)
        }
        #expect(throws: MaskingError.invalidSeedLength(byteCount: 16, expected: 32)) {
            try MaskKey.selfMask(seed: SecureBytes(zeroedCount: 16), provider: 1, context: context)
        }
        let pairKey = try Fixture.pairKey(modulus: modulus, length: 10, 1, 2)
        #expect(throws: MaskingError.providerNotInMask(provider: 5)) {
            try MaskTerm.applied(by: 5, key: pairKey)
        }
        #expect(throws: MaskingError.providerNotInMask(provider: 2)) {
            try MaskTerm.removal(of: Fixture.selfKey(modulus: modulus, length: 10, provider: 1), appliedBy: 2)
        }
    }

    @Test("context rejects invalid input")
    func contextRejectsInvalidInput() throws {
        let modulus = try Self.modulus.get()
        #expect(throws: MaskingError.invalidSessionID(byteCount: 33, expected: 32)) {
            try MaskContext(
                taskID: [], round: 0, sessionID: [UInt8](repeating: 0, count: 33), vectorName: "", length: 1,
                modulus: modulus)
        }
        for length in [-1, (1 << 32) + 1] {
            #expect(throws: MaskingError.invalidLength(length: length, maximum: 1 << 32)) {
                try Fixture.context(modulus: modulus, length: length)
            }
        }
    }
}
