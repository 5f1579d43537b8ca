import Foundation
import SecAggBigInt
import SecAggConformance
import SecAggFederated
import SecAggLearning
import SecAggMasking
import SecAggPaillier
import SecAggPrimitives
import SecAggProtocol
import SecAggShamir
import Testing

/// A secret as it could appear in text: bytes (in hexadecimal of either case) or an integer (in decimal or
/// hexadecimal).
enum SecretText {
    case bytes([UInt8])
    case integer(BigInt)

    /// Substrings whose presence in a rendering means the secret leaked: every 4-byte window of the bytes in
    /// hexadecimal of both cases and as the decimal list an array prints, or the integer's decimal and
    /// hexadecimal digits.
    var forbiddenSubstrings: [String] {
        switch self {
        case .bytes(let bytes):
            guard bytes.count >= 4 else { return [Hex.encode(bytes)] }
            return (0...(bytes.count - 4)).flatMap { start in
                let window = bytes[start..<(start + 4)]
                let hex = Hex.encode(window)
                return [hex, hex.uppercased(), window.map(String.init).joined(separator: ", ")]
            }
        case .integer(let value):
            let magnitude = value.magnitude
            return [magnitude.description, magnitude.hexString, magnitude.hexString.uppercased()]
        }
    }
}

/// Returns every text form of a value that logs, errors and string interpolation produce.
func renderings(of value: Any) -> [String] {
    var forms = [String(describing: value), String(reflecting: value), "\(value)"]
    if let value = value as? any CustomStringConvertible { forms.append(value.description) }
    if let value = value as? any CustomDebugStringConvertible { forms.append(value.debugDescription) }
    return forms
}

/// Builds every type that contains a secret from known secret values and checks that no description shows them,
/// and that the errors of the throwing paths that handle secrets do not either.
@Suite("Secret hygiene")
struct SecretHygieneTests {
    /// 32 distinct bytes, so that any 4 consecutive ones in a text are the secret and not chance.
    static let secretBytes: [UInt8] = (0..<32).map { UInt8(0x91 + $0) }
    /// The same bytes with the top byte cleared, a canonical scalar below ℓ.
    static let scalarBytes: [UInt8] = Array(secretBytes.prefix(31)) + [0x0a]

    /// Returns the small fixed Paillier key of the Paillier tests (two 128-bit safe primes).
    static func paillierKey() throws -> PaillierPrivateKey {
        try PaillierPrivateKey(
            p: BigInt(hex: "db3762e361e7f5ca4efd2cd25a968327"), q: BigInt(hex: "fb500f64edf86423bae8e2b5037ebdc7"),
            policy: .unsafeTestKeys)
    }

    static func expectNoLeak(_ value: Any, of secrets: [SecretText], _ name: String) {
        for text in renderings(of: value) {
            for forbidden in secrets.flatMap(\.forbiddenSubstrings) {
                #expect(!text.contains(forbidden), "\(name) shows its secret in \(text)")
            }
        }
    }

    @Test("primitive secrets are redacted")
    func primitiveSecrets() throws {
        let secret = SecretText.bytes(Self.secretBytes)
        let scalarSecret = SecretText.bytes(Self.scalarBytes)
        let agreementKey = try X25519.PrivateKey(rawRepresentation: Self.secretBytes)
        var source = SeededRandom(seed: 101)
        let peer = X25519.PrivateKey(using: &source)
        let shared = try agreementKey.sharedSecret(with: peer.publicKey)
        let signingKey = try Ed25519.PrivateKey(seed: Self.secretBytes)
        let scalar = try Ristretto255.Scalar(canonicalBytes: Self.scalarBytes)
        let keystream = try ChaCha20Keystream(
            key: SymmetricKey(copying: Self.secretBytes), nonce: [UInt8](repeating: 0, count: 12))
        Self.expectNoLeak(SecureBytes(copying: Self.secretBytes), of: [secret], "SecureBytes")
        Self.expectNoLeak(try SymmetricKey(copying: Self.secretBytes), of: [secret], "SymmetricKey")
        Self.expectNoLeak(agreementKey, of: [secret], "X25519.PrivateKey")
        Self.expectNoLeak(shared, of: [.bytes(shared.bytes.unprotectedCopy())], "X25519.SharedSecret")
        Self.expectNoLeak(signingKey, of: [secret, .bytes(signingKey.seed.unprotectedCopy())], "Ed25519.PrivateKey")
        Self.expectNoLeak(scalar, of: [scalarSecret], "Ristretto255.Scalar")
        Self.expectNoLeak(keystream, of: [secret], "ChaCha20Keystream")
    }

    @Test("seeded random hides its next outputs")
    func seededRandomRedacted() throws {
        var random = try SeededRandom(seed: Self.secretBytes)
        _ = random.bytes(count: 16)
        var lookahead = random
        let upcoming = lookahead.bytes(count: 48)
        Self.expectNoLeak(random, of: [.bytes(Self.secretBytes), .bytes(upcoming)], "SeededRandom")
    }

    @Test("Shamir secrets are redacted")
    func shamirSecrets() throws {
        let scalar = try Ristretto255.Scalar(canonicalBytes: Self.scalarBytes)
        let secret = SecretText.bytes(Self.scalarBytes)
        let splitID = try SplitID(bytes: SHA256.hash(Array("hygiene".utf8)))
        let polynomial = try SharingPolynomial(coefficients: [scalar, scalar])
        let share = try Share(splitID: splitID, x: 1, value: scalar)
        var source = SeededRandom(seed: 102)
        let dealing = try Shamir.split(secret: scalar, threshold: 2, shareCount: 3, splitID: splitID, using: &source)
        let shareValues = dealing.shares.map { SecretText.bytes($0.value.bytes.unprotectedCopy()) }
        let robust = try Shamir.reconstructCorrectingErrors(dealing.shares, threshold: 2)
        Self.expectNoLeak(share, of: [secret], "Share")
        Self.expectNoLeak(polynomial, of: [secret], "SharingPolynomial")
        Self.expectNoLeak(dealing, of: [secret] + shareValues, "Dealing")
        Self.expectNoLeak(robust, of: [secret], "RobustReconstruction")
    }

    @Test("masking secrets are redacted")
    func maskingSecrets() throws {
        let modulus = try Modulus.powerOfTwo(bits: 32)
        let residues: [UInt64] = [3_987_654_321, 2_876_543_210, 1_765_432_109]
        let input = try ModularVector(residues: residues, modulus: modulus)
        let context = try MaskContext(
            taskID: [UInt8](repeating: 1, count: 32), round: 1, sessionID: [UInt8](repeating: 2, count: 32),
            vectorName: "update", length: 3, modulus: modulus)
        let maskKey = try MaskKey.selfMask(seed: SecureBytes(copying: Self.secretBytes), provider: 1, context: context)
        let expansion = SecretText.bytes(maskKey.expansionKey.bytes.unprotectedCopy())
        let term = try MaskTerm.applied(by: 1, key: maskKey)
        let residueTexts = residues.map { SecretText.integer(BigInt($0)) }
        Self.expectNoLeak(input, of: residueTexts, "ModularVector")
        Self.expectNoLeak(maskKey, of: [.bytes(Self.secretBytes), expansion], "MaskKey")
        Self.expectNoLeak(term, of: [.bytes(Self.secretBytes), expansion], "MaskTerm")
    }

    @Test("Paillier secrets are redacted")
    func paillierSecrets() throws {
        let privateKey = try Self.paillierKey()
        let (p, q) = privateKey.primes
        var source = SeededRandom(seed: 103)
        let (_, shares) = try PaillierThresholdDealer.deal(
            privateKey: privateKey, threshold: 2, holderCount: 3, using: &source)
        let r = try BigInt(hex: "123456789abcdef0123456789abcdef")
        let randomizer = try privateKey.publicKey.randomizer(r: r)
        let nthPower = try r.power(privateKey.publicKey.modulus, modulus: privateKey.publicKey.modulusSquared)
        Self.expectNoLeak(privateKey, of: [.integer(p), .integer(q)], "PaillierPrivateKey")
        for share in shares {
            Self.expectNoLeak(share, of: [.integer(share.unprotectedShare)], "PaillierKeyShare")
        }
        Self.expectNoLeak(randomizer, of: [.integer(r), .integer(nthPower)], "PaillierRandomizer")
    }

    @Test("sessions and participants are redacted")
    func sessionSecrets() throws {
        let (simulation, inputs) = try ProtocolVectors.simulation(
            providers: [1, 2, 3], threshold: 2, degree: 0, length: 3, bits: 32, round: 1, seed: 104, dropouts: [:])
        var keySource = SeededRandom(seed: 104)
        let providerKeys = (0..<3).map { _ in Ed25519.PrivateKey(using: &keySource) }
        let aggregatorKey = Ed25519.PrivateKey(using: &keySource)
        for (index, id) in [UInt32(1), 2, 3].enumerated() {
            let provider = try #require(simulation.providers[id])
            let input = try #require(inputs[id])
            let secrets =
                [SecretText.bytes(providerKeys[index].seed.unprotectedCopy())]
                + input.residues.filter { $0 > 99_999 }.map { SecretText.integer(BigInt($0)) }
            Self.expectNoLeak(provider, of: secrets, "ProviderSession")
        }
        Self.expectNoLeak(
            simulation.aggregator, of: [.bytes(aggregatorKey.seed.unprotectedCopy())], "AggregatorSession")
        let data = try Dataset(
            features: [123_456.75, 234_567.25], labels: [0, 1], featureNames: ["x"], classNames: ["no", "yes"])
        let participant = FederatedProvider(id: 1, identityKey: providerKeys[0], data: data)
        for text in renderings(of: participant) + renderings(of: data) {
            #expect(!text.contains("123456"), "private training data shown in \(text)")
            #expect(!text.contains("234567"), "private training data shown in \(text)")
        }
        Self.expectNoLeak(participant, of: [.bytes(providerKeys[0].seed.unprotectedCopy())], "FederatedProvider")
    }

    @Test("errors on secret paths are redacted")
    func errorsRedacted() throws {
        let privateKey = try Self.paillierKey()
        let (p, q) = privateKey.primes
        let primes: [SecretText] = [.integer(p), .integer(q)]
        let secret = SecretText.bytes(Self.secretBytes)
        let splitID = try SplitID(bytes: SHA256.hash(Array("hygiene".utf8)))
        var encoding = privateKey.wireEncoding.unprotectedCopy()
        encoding.append(0)
        var errors = [(name: String, error: (any Error)?, secrets: [SecretText])]()
        func record(_ name: String, _ secrets: [SecretText], _ body: () throws -> Void) {
            do {
                try body()
                errors.append((name, nil, secrets))
            } catch {
                errors.append((name, error, secrets))
            }
        }
        record("equal primes", primes) { _ = try PaillierPrivateKey(p: p, q: p, policy: .unsafeTestKeys) }
        record("composite q", primes) { _ = try PaillierPrivateKey(p: p, q: q + 2, policy: .unsafeTestKeys) }
        record("private key with a trailing byte", primes) {
            _ = try PaillierPrivateKey(wireEncoding: encoding, policy: .unsafeTestKeys)
        }
        let jwk = PythonPaillierJSON.privateKeyJWK(privateKey)
        let jwkFields = try #require(
            try JSONSerialization.jsonObject(with: Data(jwk.utf8)) as? [String: Any], "the JWK is not an object")
        var equalPrimes = jwkFields
        equalPrimes["q"] = jwkFields["p"]
        let equalPrimesJWK = String(decoding: try JSONSerialization.data(withJSONObject: equalPrimes), as: UTF8.self)
        let base64Primes = [jwkFields["p"], jwkFields["q"]].compactMap { $0 as? String }
        #expect(base64Primes.count == 2)
        record("private JWK with equal primes", primes) {
            _ = try PythonPaillierJSON.privateKey(jwk: equalPrimesJWK, policy: .unsafeTestKeys)
        }
        record("private JWK that is not JSON", primes) {
            _ = try PythonPaillierJSON.privateKey(jwk: String(jwk.dropLast(7)), policy: .unsafeTestKeys)
        }
        record("decimal with a bad digit", [.integer(p)]) { _ = try BigInt(decimal: p.description + "x") }
        record("hex with a bad digit", [secret]) { _ = try Hex.decode(Hex.encode(Self.secretBytes) + "zz") }
        record("short symmetric key", [.bytes(Array(Self.secretBytes.prefix(31)))]) {
            _ = try SymmetricKey(copying: Self.secretBytes.prefix(31))
        }
        record("short Ed25519 seed", [.bytes(Array(Self.secretBytes.prefix(31)))]) {
            _ = try Ed25519.PrivateKey(seed: Self.secretBytes.prefix(31))
        }
        record("agreement with a low-order key", [secret]) {
            let key = try X25519.PrivateKey(rawRepresentation: Self.secretBytes)
            _ = try key.sharedSecret(with: X25519.PublicKey(rawRepresentation: [UInt8](repeating: 0, count: 32)))
        }
        record("opening with the wrong key", [secret]) {
            let box = try XChaCha20Poly1305.seal(
                Self.secretBytes, using: SymmetricKey(copying: [UInt8](repeating: 1, count: 32)))
            _ = try XChaCha20Poly1305.open(box, using: SymmetricKey(copying: Self.secretBytes))
        }
        record("non-canonical share value", [.bytes(Array(Self.secretBytes.suffix(31)))]) {
            _ = try Share(encoding: splitID.bytes + [0, 0, 0, 1] + Self.secretBytes)
        }
        for entry in errors {
            let error = try #require(entry.error, "\(entry.name) did not throw")
            Self.expectNoLeak(error, of: entry.secrets, "the error of \(entry.name)")
            for text in renderings(of: error) {
                for prime in base64Primes {
                    #expect(!text.contains(prime), "the error of \(entry.name) shows a prime in \(text)")
                }
            }
        }
    }
}
