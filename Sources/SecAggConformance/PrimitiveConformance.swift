import Foundation
import SecAggPrimitives

/// One vector of a published primitive file. Each file uses a subset of the fields.
struct PrimitiveVector: Decodable, Sendable {
    var name: String
    var type: String?
    var algorithm: String?
    var key: String?
    var nonce: String?
    var counter: UInt64?
    var plaintext: String?
    var aad: String?
    var ciphertext: String?
    var tag: String?
    var keystream: String?
    var subkey: String?
    var secret: String?
    var `public`: String?
    var message: String?
    var signature: String?
    var digest: String?
    var ikm: String?
    var salt: String?
    var info: String?
    var length: Int?
    var prk: String?
    var okm: String?
    var scalar: String?
    var u: String?
    var output: String?
    var iterations: Int?
    var multiple: Int?
    var encoding: String?
    var input: String?
    var truncated: Bool?
    var aliceSecret: String?
    var alicePublic: String?
    var bobSecret: String?
    var bobPublic: String?
    var shared: String?
    var domain: String?

    enum CodingKeys: String, CodingKey {
        case name, type, algorithm, key, nonce, counter, plaintext, aad, ciphertext, tag, keystream, subkey, secret
        case `public`, message, signature, digest, ikm, salt, info, length, prk, okm, scalar, u, output, iterations
        case multiple, encoding, input, truncated, shared, domain
        case aliceSecret = "alice_secret"
        case alicePublic = "alice_public"
        case bobSecret = "bob_secret"
        case bobPublic = "bob_public"
    }
}

/// Decodes the hex fields of one vector, naming the vector and field when one is missing or malformed.
struct VectorFields {
    let file: String
    let vector: PrimitiveVector

    func bytes(_ field: String, _ value: String?) throws -> [UInt8] {
        guard let value else {
            throw ConformanceError.malformedVector(file: file, vector: vector.name, field: field, reason: "missing")
        }
        return try hexField(value, file: file, vector: vector.name, field: field)
    }

    func integer<T>(_ field: String, _ value: T?) throws -> T {
        guard let value else {
            throw ConformanceError.malformedVector(file: file, vector: vector.name, field: field, reason: "missing")
        }
        return value
    }
}

/// Runs the published known-answer vectors for every libsodium primitive the toolkit wraps, with their negative
/// cases: flipped tag bits, corrupted signatures and invalid ristretto255 encodings.
public enum PrimitiveConformance: ConformanceSuite {
    public static let name = "primitives"
    public static let files = [
        "primitives/sha2.json", "primitives/hmac_sha256.json", "primitives/hmac_sha512.json",
        "primitives/hkdf_sha256.json", "primitives/blake2b.json", "primitives/chacha20.json",
        "primitives/xchacha20.json", "primitives/chacha20poly1305.json", "primitives/xchacha20poly1305.json",
        "primitives/x25519.json", "primitives/ed25519.json", "primitives/ristretto255.json",
        "primitives/expand_message_xmd_sha512.json",
    ]

    public static func run(in directory: VectorDirectory, options: ConformanceOptions) -> [ConformanceResult] {
        files.flatMap { file in
            var recorder = ConformanceRecorder(suite: name, file: file)
            do {
                let vectorFile = try directory.decode(VectorFile<PrimitiveVector>.self, from: file)
                for vector in vectorFile.vectors {
                    runVector(
                        vector, fields: VectorFields(file: file, vector: vector), options: options, into: &recorder)
                }
            } catch {
                recorder.fail("load", error)
            }
            return recorder.results
        }
    }

    private static func runVector(
        _ vector: PrimitiveVector, fields: VectorFields, options: ConformanceOptions,
        into recorder: inout ConformanceRecorder
    ) {
        switch fields.file {
        case "primitives/sha2.json": sha2(vector, fields, &recorder)
        case "primitives/hmac_sha256.json": hmac(vector, fields, &recorder, sha512: false)
        case "primitives/hmac_sha512.json": hmac(vector, fields, &recorder, sha512: true)
        case "primitives/hkdf_sha256.json": hkdf(vector, fields, &recorder)
        case "primitives/blake2b.json": blake2b(vector, fields, &recorder)
        case "primitives/chacha20.json": chacha20(vector, fields, &recorder)
        case "primitives/xchacha20.json": xchacha20(vector, fields, &recorder)
        case "primitives/chacha20poly1305.json": chacha20Poly1305(vector, fields, &recorder)
        case "primitives/xchacha20poly1305.json": xchacha20Poly1305(vector, fields, &recorder)
        case "primitives/x25519.json": x25519(vector, fields, options, &recorder)
        case "primitives/ed25519.json": ed25519(vector, fields, &recorder)
        case "primitives/ristretto255.json": ristretto255(vector, fields, &recorder)
        case "primitives/expand_message_xmd_sha512.json": expandMessage(vector, fields, &recorder)
        default: recorder.fail(vector.name, ConformanceError.fileNotFound(path: fields.file))
        }
    }

    private static func sha2(_ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder) {
        recorder.check(vector.name) {
            let message = try fields.bytes("message", vector.message)
            let digest = try fields.bytes("digest", vector.digest)
            switch vector.algorithm {
            case "sha256": return SHA256.hash(message) == digest
            case "sha512": return SHA512.hash(message) == digest
            default:
                throw ConformanceError.malformedVector(
                    file: fields.file, vector: vector.name, field: "algorithm", reason: "expected sha256 or sha512")
            }
        }
    }

    private static func hmac(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder, sha512: Bool
    ) {
        recorder.check(vector.name) {
            let key = try fields.bytes("key", vector.key)
            let message = try fields.bytes("message", vector.message)
            let expected = try fields.bytes("tag", vector.tag)
            let tag =
                sha512
                ? HMACSHA512.authenticationCode(for: message, key: key).unprotectedCopy()
                : HMACSHA256.authenticationCode(for: message, key: key).unprotectedCopy()
            if vector.truncated == true { return Array(tag.prefix(expected.count)) == expected }
            return tag == expected
        }
    }

    private static func hkdf(_ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder) {
        recorder.check("\(vector.name)/extract") {
            let prk = HKDFSHA256.extract(
                salt: try fields.bytes("salt", vector.salt), inputKeyMaterial: try fields.bytes("ikm", vector.ikm))
            return prk.unprotectedCopy() == (try fields.bytes("prk", vector.prk))
        }
        recorder.check("\(vector.name)/expand") {
            let okm = try HKDFSHA256.expand(
                pseudorandomKey: try fields.bytes("prk", vector.prk), info: try fields.bytes("info", vector.info),
                outputByteCount: try fields.integer("length", vector.length))
            return okm.unprotectedCopy() == (try fields.bytes("okm", vector.okm))
        }
    }

    private static func blake2b(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        recorder.check(vector.name) {
            let digest = try BLAKE2b.hash(
                try fields.bytes("message", vector.message), key: try fields.bytes("key", vector.key))
            return digest == (try fields.bytes("digest", vector.digest))
        }
    }

    private static func chacha20(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        recorder.check(vector.name) {
            let key = try SymmetricKey(copying: try fields.bytes("key", vector.key))
            let stream = try ChaCha20Keystream(key: key, nonce: try fields.bytes("nonce", vector.nonce))
            let counter = try fields.integer("counter", vector.counter)
            if vector.type == "block" {
                let expected = try fields.bytes("keystream", vector.keystream)
                return try stream.bytes(startingAtBlock: counter, byteCount: expected.count) == expected
            }
            var data = try fields.bytes("plaintext", vector.plaintext)
            try data.withUnsafeMutableBytes { try stream.xor($0, startingAtBlock: counter) }
            return data == (try fields.bytes("ciphertext", vector.ciphertext))
        }
    }

    private static func xchacha20(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        recorder.check(vector.name) {
            let key = try SymmetricKey(copying: try fields.bytes("key", vector.key))
            let nonce = try fields.bytes("nonce", vector.nonce)
            if vector.type == "hchacha20" {
                let subkey = try XChaCha20.hChaCha20(key: key, input: nonce)
                return subkey.unprotectedCopy() == (try fields.bytes("subkey", vector.subkey))
            }
            let plaintext = try fields.bytes("plaintext", vector.plaintext)
            let counter = try fields.integer("counter", vector.counter)
            let ciphertext = try XChaCha20.xor(plaintext, key: key, nonce: nonce, firstBlock: counter)
            let keystream = try XChaCha20.xor(
                [UInt8](repeating: 0, count: plaintext.count), key: key, nonce: nonce, firstBlock: counter)
            let expectedKeystream = try fields.bytes("keystream", vector.keystream)
            return ciphertext == (try fields.bytes("ciphertext", vector.ciphertext))
                && Array(keystream.prefix(expectedKeystream.count)) == expectedKeystream
        }
    }

    private static func chacha20Poly1305(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        let parts = Result { () throws -> (SymmetricKey, [UInt8], [UInt8], [UInt8], [UInt8], [UInt8]) in
            (
                try SymmetricKey(copying: try fields.bytes("key", vector.key)), try fields.bytes("nonce", vector.nonce),
                try fields.bytes("aad", vector.aad), try fields.bytes("plaintext", vector.plaintext),
                try fields.bytes("ciphertext", vector.ciphertext), try fields.bytes("tag", vector.tag)
            )
        }
        guard case .success(let (key, nonce, aad, plaintext, ciphertext, tag)) = parts else {
            if case .failure(let error) = parts { recorder.fail(vector.name, error) }
            return
        }
        recorder.check("\(vector.name)/seal") {
            let sealed = try ChaCha20Poly1305.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
            return sealed.ciphertext == ciphertext && sealed.tag == tag
        }
        recorder.check("\(vector.name)/open") {
            let opened = try ChaCha20Poly1305.open(
                ciphertext: ciphertext, tag: tag, using: key, nonce: nonce, authenticating: aad)
            return opened.unprotectedCopy() == plaintext
        }
        for bit in [0, 7, 127] {
            recorder.expectFailure("\(vector.name)/reject-tag-bit-\(bit)") {
                var corrupted = tag
                corrupted[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                _ = try ChaCha20Poly1305.open(
                    ciphertext: ciphertext, tag: corrupted, using: key, nonce: nonce, authenticating: aad)
            }
        }
        recorder.expectFailure("\(vector.name)/reject-changed-aad") {
            _ = try ChaCha20Poly1305.open(
                ciphertext: ciphertext, tag: tag, using: key, nonce: nonce, authenticating: aad + [0])
        }
    }

    private static func xchacha20Poly1305(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        let parts = Result { () throws -> (SymmetricKey, [UInt8], [UInt8], [UInt8], [UInt8], [UInt8]) in
            (
                try SymmetricKey(copying: try fields.bytes("key", vector.key)), try fields.bytes("nonce", vector.nonce),
                try fields.bytes("aad", vector.aad), try fields.bytes("plaintext", vector.plaintext),
                try fields.bytes("ciphertext", vector.ciphertext), try fields.bytes("tag", vector.tag)
            )
        }
        guard case .success(let (key, nonce, aad, plaintext, ciphertext, tag)) = parts else {
            if case .failure(let error) = parts { recorder.fail(vector.name, error) }
            return
        }
        recorder.check("\(vector.name)/seal") {
            let box = try XChaCha20Poly1305.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
            return box.ciphertext == ciphertext && box.tag == tag
        }
        recorder.check("\(vector.name)/open") {
            let box = try XChaCha20Poly1305.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
            return try XChaCha20Poly1305.open(box, using: key, authenticating: aad).unprotectedCopy() == plaintext
        }
        for bit in [0, 64, 127] {
            recorder.expectFailure("\(vector.name)/reject-tag-bit-\(bit)") {
                var corrupted = tag
                corrupted[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                let box = try XChaCha20Poly1305.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: corrupted)
                _ = try XChaCha20Poly1305.open(box, using: key, authenticating: aad)
            }
        }
        recorder.expectFailure("\(vector.name)/reject-flipped-ciphertext") {
            var corrupted = ciphertext
            corrupted[0] ^= 1
            let box = try XChaCha20Poly1305.SealedBox(nonce: nonce, ciphertext: corrupted, tag: tag)
            _ = try XChaCha20Poly1305.open(box, using: key, authenticating: aad)
        }
    }

    private static func x25519(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ options: ConformanceOptions,
        _ recorder: inout ConformanceRecorder
    ) {
        switch vector.type {
        case "scalarmult":
            recorder.check(vector.name) {
                let output = try X25519.scalarMultiply(
                    try fields.bytes("scalar", vector.scalar), try fields.bytes("u", vector.u))
                return output.unprotectedCopy() == (try fields.bytes("output", vector.output))
            }
        case "scalarmult_iterated":
            let iterations = vector.iterations ?? 0
            let caseName = "\(vector.name)/\(iterations)"
            if iterations > 1000 && !options.includeSlow {
                return
            }
            recorder.check(caseName) {
                var k = try fields.bytes("scalar", vector.scalar)
                var u = try fields.bytes("u", vector.u)
                for _ in 0..<(try fields.integer("iterations", vector.iterations)) {
                    let next = try X25519.scalarMultiply(k, u).unprotectedCopy()
                    u = k
                    k = next
                }
                return k == (try fields.bytes("output", vector.output))
            }
        case "dh":
            recorder.check(vector.name) {
                let alice = try X25519.PrivateKey(
                    rawRepresentation: try fields.bytes("alice_secret", vector.aliceSecret))
                let bob = try X25519.PrivateKey(rawRepresentation: try fields.bytes("bob_secret", vector.bobSecret))
                let shared = try fields.bytes("shared", vector.shared)
                let alicePublic = try fields.bytes("alice_public", vector.alicePublic)
                let bobPublic = try fields.bytes("bob_public", vector.bobPublic)
                let aliceShared = try alice.sharedSecret(with: bob.publicKey).bytes.unprotectedCopy()
                let bobShared = try bob.sharedSecret(with: alice.publicKey).bytes.unprotectedCopy()
                return alice.publicKey.rawRepresentation == alicePublic && bob.publicKey.rawRepresentation == bobPublic
                    && aliceShared == shared && bobShared == shared
            }
        default:
            recorder.fail(
                vector.name,
                ConformanceError.malformedVector(
                    file: fields.file, vector: vector.name, field: "type",
                    reason: "unknown type \(vector.type ?? "nil")"))
        }
    }

    private static func ed25519(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        let parts = Result { () throws -> (Ed25519.PrivateKey, [UInt8], [UInt8], [UInt8]) in
            (
                try Ed25519.PrivateKey(seed: try fields.bytes("secret", vector.secret)),
                try fields.bytes("public", vector.public), try fields.bytes("message", vector.message),
                try fields.bytes("signature", vector.signature)
            )
        }
        guard case .success(let (key, publicBytes, message, signature)) = parts else {
            if case .failure(let error) = parts { recorder.fail(vector.name, error) }
            return
        }
        recorder.check("\(vector.name)/public-key") { key.publicKey.rawRepresentation == publicBytes }
        recorder.check("\(vector.name)/sign") { key.signature(for: message) == signature }
        recorder.check("\(vector.name)/verify") {
            try Ed25519.PublicKey(rawRepresentation: publicBytes).isValidSignature(signature, for: message)
        }
        for byte in [0, 31, 32, 63] {
            recorder.expectFailure("\(vector.name)/reject-corrupted-signature-byte-\(byte)") {
                var corrupted = signature
                corrupted[byte] ^= 0x01
                try Ed25519.PublicKey(rawRepresentation: publicBytes).verify(corrupted, for: message)
            }
        }
        recorder.expectFailure("\(vector.name)/reject-changed-message") {
            try Ed25519.PublicKey(rawRepresentation: publicBytes).verify(signature, for: message + [0x00])
        }
    }

    private static func expandMessage(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        recorder.check(vector.name) {
            let output = try ExpandMessageXMD.sha512(
                try fields.bytes("message", vector.message), domain: try fields.bytes("domain", vector.domain),
                outputByteCount: try fields.integer("length", vector.length))
            return output == (try fields.bytes("output", vector.output))
        }
    }

    private static func ristretto255(
        _ vector: PrimitiveVector, _ fields: VectorFields, _ recorder: inout ConformanceRecorder
    ) {
        switch vector.type {
        case "generator_multiple":
            recorder.check("\(vector.name)/decode") {
                let encoding = try fields.bytes("encoding", vector.encoding)
                return try Ristretto255.Point(encoding: encoding).encoding == encoding
            }
            recorder.check("\(vector.name)/scalar-multiply") {
                let scalar = try Ristretto255.Scalar(canonicalBytes: try fields.bytes("scalar", vector.scalar))
                return Ristretto255.Point.generatorMultiple(scalar).encoding
                    == (try fields.bytes("encoding", vector.encoding))
            }
            recorder.check("\(vector.name)/repeated-addition") {
                var sum = Ristretto255.Point.identity
                for _ in 0..<(try fields.integer("multiple", vector.multiple)) { sum = sum + .generator }
                return sum.encoding == (try fields.bytes("encoding", vector.encoding))
            }
        case "invalid_encoding":
            recorder.expectFailure(vector.name) {
                _ = try Ristretto255.Point(encoding: try fields.bytes("encoding", vector.encoding))
            }
        case "from_uniform_bytes":
            recorder.check(vector.name) {
                let point = try Ristretto255.Point(uniformBytes: try fields.bytes("input", vector.input))
                return point.encoding == (try fields.bytes("encoding", vector.encoding))
            }
        default:
            recorder.fail(
                vector.name,
                ConformanceError.malformedVector(
                    file: fields.file, vector: vector.name, field: "type",
                    reason: "unknown type \(vector.type ?? "nil")"))
        }
    }
}
