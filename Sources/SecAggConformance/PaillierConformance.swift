import Foundation
import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives

/// One vector of the published ISO/IEC 18033-6 compliance test of Intel's pailliercryptolib.
struct PublishedPaillierVector: Decodable, Sendable {
    var name: String
    var type: String
    var p: String
    var q: String
    var n: String
    var plaintext: String
    var r: String?
    var ciphertext: String
    var ciphertextA: String?
    var ciphertextB: String?

    enum CodingKeys: String, CodingKey {
        case name, type, p, q, n, plaintext, r, ciphertext
        case ciphertextA = "ciphertext_a"
        case ciphertextB = "ciphertext_b"
    }
}

/// Replays the Paillier vectors: the published ISO/IEC 18033-6 compliance vectors, the toolkit's own vectors
/// (encryption, fast mode, encodings, homomorphic operations, packing, threshold shares and proofs, wire
/// encodings, ciphertext validation) and the ciphertexts that python-paillier produced.
public enum PaillierConformance: ConformanceSuite {
    /// The suite's name, `"paillier"`.
    public static let name = "paillier"
    /// The published vectors, the toolkit's own vectors and the python-paillier ciphertexts.
    public static let files = ["paillier/paillier.json", "paillier/toolkit.json", "paillier/python_paillier.json"]

    /// Runs every vector of the three files. The python-paillier file uses a key of the toolkit file.
    ///
    /// - Parameters:
    ///   - directory: The vector directory.
    ///   - options: The shared options. No Paillier vector is slow.
    /// - Returns: One result per check, and a failed result for a file that cannot be read.
    public static func run(in directory: VectorDirectory, options: ConformanceOptions) -> [ConformanceResult] {
        var results = [ConformanceResult]()
        var published = ConformanceRecorder(suite: name, file: files[0])
        do {
            let file = try directory.decode(VectorFile<PublishedPaillierVector>.self, from: files[0])
            for vector in file.vectors { runPublished(vector, into: &published) }
        } catch {
            published.fail("load", error)
        }
        results += published.results

        var toolkit = ConformanceRecorder(suite: name, file: files[1])
        var keys = [String: PaillierPrivateKey]()
        do {
            let file = try directory.decode(PaillierToolkitFile.self, from: files[1])
            keys = runKeys(file.keys, into: &toolkit)
            for vector in file.vectors {
                guard let key = keys[vector.key] else {
                    toolkit.fail(
                        vector.name,
                        ConformanceError.malformedVector(
                            file: files[1], vector: vector.name, field: "key", reason: "unknown key \(vector.key)"))
                    continue
                }
                PaillierToolkitChecks(vector: vector, key: key, file: files[1]).run(into: &toolkit)
            }
        } catch {
            toolkit.fail("load", error)
        }
        results += toolkit.results

        var python = ConformanceRecorder(suite: name, file: files[2])
        do {
            let file = try directory.decode(PythonPaillierFile.self, from: files[2])
            if let key = keys[file.key] {
                runPython(file, key: key, into: &python)
            } else {
                python.fail("key", ConformanceError.malformedFile(path: files[2], reason: "unknown key \(file.key)"))
            }
        } catch {
            python.fail("load", error)
        }
        results += python.results
        return results
    }

    // MARK: Published vectors

    private static func runPublished(_ vector: PublishedPaillierVector, into recorder: inout ConformanceRecorder) {
        let parts = Result { () throws -> (PaillierPrivateKey, BigInt, BigInt) in
            let key = try PaillierPrivateKey(p: try BigInt(hex: vector.p), q: try BigInt(hex: vector.q))
            return (key, try BigInt(hex: vector.plaintext), try BigInt(hex: vector.ciphertext))
        }
        guard case .success(let (key, plaintext, expected)) = parts else {
            if case .failure(let error) = parts { recorder.fail(vector.name, error) }
            return
        }
        recorder.check("\(vector.name)/modulus") { key.publicKey.modulus == (try BigInt(hex: vector.n)) }
        switch vector.type {
        case "encrypt":
            recorder.check("\(vector.name)/encrypt") {
                try key.publicKey.encrypt(plaintext, r: try BigInt(hex: vector.r ?? "")).value == expected
            }
        case "add":
            recorder.check("\(vector.name)/add") {
                let a = try key.publicKey.ciphertext(try BigInt(hex: vector.ciphertextA ?? ""))
                let b = try key.publicKey.ciphertext(try BigInt(hex: vector.ciphertextB ?? ""))
                return try key.publicKey.add(a, b).value == expected
            }
        default:
            recorder.check("\(vector.name)/type", { false }, detail: "unknown type \(vector.type)")
        }
        recorder.check("\(vector.name)/decrypt") {
            try key.decrypt(try key.publicKey.ciphertext(expected)) == plaintext
        }
    }

    // MARK: Keys

    private static func runKeys(
        _ records: [PaillierToolkitKey], into recorder: inout ConformanceRecorder
    ) -> [String: PaillierPrivateKey] {
        var keys = [String: PaillierPrivateKey]()
        for record in records {
            let policy: PaillierKeyPolicy = record.policy == "production" ? .production : .unsafeTestKeys
            do {
                let key = try PaillierPrivateKey(
                    p: try BigInt(hex: record.p), q: try BigInt(hex: record.q), policy: policy)
                keys[record.name] = key
                let name = "key \(record.name)"
                recorder.check("\(name)/modulus") { key.publicKey.modulus == (try BigInt(hex: record.n)) }
                recorder.check("\(name)/key-id") { key.publicKey.id.description == record.keyID }
                recorder.check("\(name)/safe-primes") { key.hasSafePrimes == record.safePrimes }
                recorder.check("\(name)/public-key-wire") {
                    let bytes = try Hex.decode(record.publicKeyWire)
                    return try key.publicKey.wireEncoding == bytes
                        && (try PaillierPublicKey(wireEncoding: bytes, policy: policy)) == key.publicKey
                }
                recorder.check("\(name)/private-key-wire") {
                    let bytes = try Hex.decode(record.privateKeyWire)
                    return try key.wireEncoding.unprotectedCopy() == bytes
                        && (try PaillierPrivateKey(wireEncoding: bytes, policy: policy)).publicKey == key.publicKey
                }
                recorder.check("\(name)/public-key-jwk") {
                    try PythonPaillierJSON.publicKey(jwk: record.publicKeyJWK, policy: policy) == key.publicKey
                }
                if policy == .unsafeTestKeys {
                    recorder.expectFailure("\(name)/rejected-by-production-policy") {
                        _ = try PaillierPublicKey(modulus: key.publicKey.modulus)
                    }
                }
            } catch {
                recorder.fail("key \(record.name)", error)
            }
        }
        return keys
    }

    // MARK: python-paillier

    private static func runPython(
        _ file: PythonPaillierFile, key: PaillierPrivateKey, into recorder: inout ConformanceRecorder
    ) {
        recorder.check("public-key-jwk") { try PythonPaillierJSON.publicKey(jwk: file.publicKeyJWK) == key.publicKey }
        let encoding = PaillierSignedEncoding(publicKey: key.publicKey)
        for vector in file.vectors {
            recorder.check(vector.name) {
                let number = try PythonPaillierJSON.encryptedNumber(
                    json: vector.encryptedNumber, publicKey: key.publicKey)
                if let integer = vector.integer {
                    guard number.exponent == 0 else { return false }
                    return try encoding.decrypt(number.ciphertext, with: key) == (try BigInt(decimal: integer))
                }
                let context = try PaillierFixedPointContext(encoding: encoding, exponent: number.exponent)
                return try context.decrypt(number, with: key) == Double(vector.real ?? "")
            }
        }
        recorder.expectFailure("reject-mixed-exponents") {
            guard let first = file.vectors.first(where: { $0.real != nil }) else { return }
            let number = try PythonPaillierJSON.encryptedNumber(json: first.encryptedNumber, publicKey: key.publicKey)
            let context = try PaillierFixedPointContext(encoding: encoding, exponent: number.exponent - 1)
            _ = try context.decrypt(number, with: key)
        }
    }
}
