import Foundation
import SecAggBigInt
import SecAggConformance
import SecAggPaillier
import SecAggPrimitives
import Testing

@Suite("python-paillier JSON")
struct PythonPaillierJSONTests {
    static let key = TestKeys.published

    @Test("Public JWK round trips")
    func publicJWKRoundTrips() throws {
        let text = PythonPaillierJSON.publicKeyJWK(Self.key.publicKey, keyDescription: "test")
        #expect(try PythonPaillierJSON.publicKey(jwk: text) == Self.key.publicKey)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["kty"] as? String == "DAJ")
        #expect(object?["alg"] as? String == "PAI-GN1")
        #expect(object?["key_ops"] as? [String] == ["encrypt"])
        #expect(object?["kid"] as? String == "test")
        #expect((object?["n"] as? String)?.contains("=") == false)
    }

    @Test("Private JWK round trips")
    func privateJWKRoundTrips() throws {
        let text = PythonPaillierJSON.privateKeyJWK(Self.key)
        let decoded = try PythonPaillierJSON.privateKey(jwk: text)
        #expect(decoded.publicKey == Self.key.publicKey)
    }

    @Test("Malformed JWKs are rejected")
    func malformedJWKsAreRejected() {
        let n = PythonPaillierJSON.base64URL(Self.key.publicKey.modulus.bigEndianBytes())
        let cases = [
            #"{"kty":"RSA","alg":"PAI-GN1","n":"\#(n)"}"#,
            #"{"kty":"DAJ","alg":"RSA-OAEP","n":"\#(n)"}"#,
            #"{"kty":"DAJ","alg":"PAI-GN1"}"#,
            #"{"kty":"DAJ","alg":"PAI-GN1","n":"***"}"#,
            #"{"kty":"DAJ","alg":"PAI-GN1","n":"\#(n)="}"#,
            "not json",
        ]
        for text in cases {
            #expect(throws: PaillierError.self, "\(text.prefix(40))") { try PythonPaillierJSON.publicKey(jwk: text) }
        }
    }

    @Test("Small JWK key needs test policy")
    func smallJWKKeyNeedsTestPolicy() throws {
        let text = PythonPaillierJSON.publicKeyJWK(TestKeys.small.publicKey)
        #expect(throws: PaillierError.self) { try PythonPaillierJSON.publicKey(jwk: text) }
        #expect(try PythonPaillierJSON.publicKey(jwk: text, policy: .unsafeTestKeys) == TestKeys.small.publicKey)
    }

    @Test("Encrypted number JSON round trips")
    func encryptedNumberJSONRoundTrips() throws {
        var source = SeededRandom(seed: 120)
        let context = try PaillierFixedPointContext(
            encoding: PaillierSignedEncoding(publicKey: Self.key.publicKey), exponent: -6)
        let number = try context.encrypt(-7.75, using: &source)
        let text = PythonPaillierJSON.encryptedNumberJSON(number)
        let decoded = try PythonPaillierJSON.encryptedNumber(json: text, publicKey: Self.key.publicKey)
        #expect(decoded == number)
        #expect(try context.decrypt(decoded, with: Self.key) == -7.75)
    }

    @Test("Malformed encrypted numbers are rejected")
    func malformedEncryptedNumbersAreRejected() {
        let publicKey = Self.key.publicKey
        let cases = [
            #"{"v":12,"e":0}"#, #"{"v":"12x","e":0}"#, #"{"v":"5","e":1.5}"#, #"{"e":0}"#, #"{"v":"0","e":0}"#,
        ]
        for text in cases {
            #expect(throws: PaillierError.self, "\(text)") {
                try PythonPaillierJSON.encryptedNumber(json: text, publicKey: publicKey)
            }
        }
        let outside = #"{"v":"\#(publicKey.modulusSquared)","e":0}"#
        #expect(throws: PaillierError.ciphertextOutOfRange) {
            try PythonPaillierJSON.encryptedNumber(json: outside, publicKey: publicKey)
        }
    }
}

@Suite("Paillier binary encodings")
struct WireFormatTests {
    @Test("Keys round trip")
    func keysRoundTrip() throws {
        let key = TestKeys.small
        let publicBytes = key.publicKey.wireEncoding
        #expect(publicBytes.prefix(3) == [0x50, 0x01, 0x01])
        #expect(try PaillierPublicKey(wireEncoding: publicBytes, policy: .unsafeTestKeys) == key.publicKey)
        let privateBytes = key.wireEncoding
        #expect(try PaillierPrivateKey(wireEncoding: privateBytes, policy: .unsafeTestKeys).publicKey == key.publicKey)
    }

    @Test("Malformed key encodings are rejected")
    func malformedKeyEncodingsAreRejected() {
        let bytes = TestKeys.small.publicKey.wireEncoding
        var wrongType = bytes
        wrongType[1] = 0x03
        var wrongVersion = bytes
        wrongVersion[2] = 0x02
        var paddedLength = [UInt8](bytes.prefix(3)) + [0x00, 0x21, 0x00] + bytes.dropFirst(5)
        paddedLength[4] = 0x21
        let cases: [[UInt8]] = [
            [], Array(bytes.prefix(4)), Array(bytes.dropLast()), bytes + [0], wrongType, wrongVersion, paddedLength,
        ]
        for (index, encoding) in cases.enumerated() {
            #expect(throws: PaillierError.self, "case \(index)") {
                try PaillierPublicKey(wireEncoding: encoding, policy: .unsafeTestKeys)
            }
        }
    }

    @Test("Ciphertext of other key is rejected")
    func ciphertextOfOtherKeyIsRejected() throws {
        var source = SeededRandom(seed: 121)
        let ciphertext = try TestKeys.small.publicKey.encrypt(3, using: &source)
        let bytes = ciphertext.wireEncoding(publicKey: TestKeys.small.publicKey)
        #expect(throws: PaillierError.self) { try TestKeys.safe.publicKey.ciphertext(wireEncoding: bytes) }
    }

    @Test("Ciphertext encodings have fixed length")
    func ciphertextEncodingsHaveFixedLength() throws {
        let publicKey = TestKeys.small.publicKey
        let smallest = try publicKey.ciphertext(1).wireEncoding(publicKey: publicKey)
        let large = try publicKey.ciphertext(publicKey.modulusSquared - 1).wireEncoding(publicKey: publicKey)
        #expect(smallest.count == 3 + 16 + publicKey.ciphertextByteCount)
        #expect(large.count == smallest.count)
    }
}

@Suite("Paillier known-answer vectors")
struct PaillierVectorTests {
    /// One run of the suite over the repository's vectors, shared by the tests below.
    static let results: [ConformanceResult] = {
        guard let directory = try? VectorDirectory.locate() else { return [] }
        return PaillierConformance.run(in: directory, options: ConformanceOptions())
    }()

    @Test("Every Paillier vector passes", arguments: PaillierConformance.files)
    func everyPaillierVectorPasses(file: String) throws {
        let results = Self.results.filter { $0.file == file }
        #expect(!results.isEmpty)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }

    @Test("Every toolkit vector produces a case")
    func everyToolkitVectorProducesACase() throws {
        let directory = try VectorDirectory.locate()
        let file = try directory.decode(PaillierToolkitFile.self, from: "paillier/toolkit.json")
        let covered = Set(Self.results.map { $0.name.split(separator: "/").first.map(String.init) ?? $0.name })
        for vector in file.vectors {
            let isCovered = covered.contains(vector.name)
            #expect(isCovered, "\(vector.name)")
        }
    }

    @Test("Changed vector fails conformance")
    func changedVectorFailsConformance() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "secagg-paillier-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try VectorDirectory.locate().url, to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("paillier/toolkit.json")
        let text = try String(contentsOf: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"value\" : \"-4444\"", with: "\"value\" : \"-4445\"")
            .write(to: path, atomically: true, encoding: .utf8)
        let results = PaillierConformance.run(in: VectorDirectory(url: scratch), options: ConformanceOptions())
        let failedAddition = results.filter { !$0.passed && $0.name.hasPrefix("add 1234 and -5678") }
        #expect(!failedAddition.isEmpty)
    }
}
