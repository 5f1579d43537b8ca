import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

@Suite("Smoke")
struct SmokeTests {
    @Test("small key round trip")
    func smallRoundTrip() throws {
        var source = SeededRandom(seed: 1)
        let key = TestKeys.small
        for m in [BigInt(0), 1, 12345, key.publicKey.modulus - 1] {
            let c = try key.publicKey.encrypt(m, using: &source)
            #expect(try key.decrypt(c) == m)
        }
        let fast = try PaillierFastEncryptor(publicKey: key.publicKey, using: &source)
        let c = try fast.encrypt(777, using: &source)
        #expect(try key.decrypt(c) == 777)
        let big = TestKeys.published
        let c2 = try big.publicKey.encrypt(99, using: &source)
        #expect(try big.decrypt(c2) == 99)
    }

    @Test("threshold small")
    func threshold() throws {
        var source = SeededRandom(seed: 2)
        let key = TestKeys.safe
        #expect(key.hasSafePrimes)
        let (parameters, shares) = try PaillierThresholdDealer.deal(
            privateKey: key, threshold: 2, holderCount: 3, using: &source)
        let c = try key.publicKey.encrypt(4242, using: &source)
        let ds = try shares.map { try $0.decryptionShare(for: c, parameters: parameters, using: &source) }
        #expect(try parameters.combine(Array(ds[1...2]), for: c) == 4242)
        #expect(try parameters.combine(ds, for: c) == 4242)
    }

    @Test("packing small")
    func packing() throws {
        var source = SeededRandom(seed: 3)
        let key = TestKeys.published
        let layout = try PaillierPackingLayout(valueBitWidth: 16, maximumSummands: 4, publicKey: key.publicKey)
        let encryptor = try PaillierVectorEncryptor(publicKey: key.publicKey, layout: layout)
        let a: [Int64] = (0..<200).map { Int64($0) - 100 }
        let b: [Int64] = (0..<200).map { _ in 65535 }
        let ea = try encryptor.encrypt(a, using: &source)
        let eb = try encryptor.encrypt(b, using: &source)
        let sum = try key.publicKey.add(ea, eb)
        let sums = try key.decryptSums(sum, minimumSummands: 2)
        #expect(sums == zip(a, b).map { $0 + $1 })
    }
}
