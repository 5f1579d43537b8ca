import Foundation
import SecAggBigInt
import SecAggPrimitives

/// Reads and writes the JSON forms of python-paillier (package `phe`, checked against version 1.5.0), so that
/// keys and ciphertexts can be exchanged with it.
///
/// - A public key is the JWK that `pheutil genpkey` writes:
///   `{"kty": "DAJ", "alg": "PAI-GN1", "key_ops": ["encrypt"], "n": base64url(n), "kid": text}`, where
///   `base64url` is the unpadded URL-safe Base64 of the minimal big-endian bytes.
/// - A private key is `{"kty": "DAJ", "key_ops": ["decrypt"], "p": …, "q": …, "pub": public JWK, "kid": text}`.
/// - An encrypted number is `{"v": "decimal ciphertext", "e": exponent}`, as `pheutil` stores an
///   `EncryptedNumber`. The exponent is base 16, like ``PaillierFixedPointContext``, and 0 for integers.
public enum PythonPaillierJSON {
    private struct PublicKeyJWK: Codable {
        var kty: String
        var alg: String?
        var keyOperations: [String]?
        var n: String
        var kid: String?

        enum CodingKeys: String, CodingKey {
            case kty, alg, n, kid
            case keyOperations = "key_ops"
        }
    }

    private struct PrivateKeyJWK: Codable {
        var kty: String
        var keyOperations: [String]?
        var p: String
        var q: String
        var pub: PublicKeyJWK?
        var kid: String?

        enum CodingKeys: String, CodingKey {
            case kty, p, q, pub, kid
            case keyOperations = "key_ops"
        }
    }

    private struct EncryptedNumberJSON: Codable {
        var v: String
        var e: Int
    }

    // MARK: Public keys

    /// Writes a public key as python-paillier's JWK.
    ///
    /// - Parameters:
    ///   - publicKey: The key.
    ///   - keyDescription: The `kid` text. The default names the key identifier.
    /// - Returns: The JSON text, with sorted keys.
    public static func publicKeyJWK(_ publicKey: PaillierPublicKey, keyDescription: String? = nil) -> String {
        encode(publicJWK(publicKey, keyDescription: keyDescription))
    }

    private static func publicJWK(_ publicKey: PaillierPublicKey, keyDescription: String?) -> PublicKeyJWK {
        PublicKeyJWK(
            kty: "DAJ", alg: "PAI-GN1", keyOperations: ["encrypt"], n: base64URL(publicKey.modulus.bigEndianBytes()),
            kid: keyDescription ?? "secagg Paillier public key \(publicKey.id)")
    }

    /// Reads a public key from python-paillier's JWK and validates it.
    ///
    /// - Parameters:
    ///   - jwk: The JSON text.
    ///   - policy: The accepted key sizes, ``PaillierKeyPolicy/production`` outside tests.
    /// - Returns: The public key.
    /// - Throws: ``PaillierError/malformedJSON(reason:)`` or the validation errors of
    ///   ``PaillierPublicKey/init(modulus:policy:)``.
    public static func publicKey(jwk: String, policy: PaillierKeyPolicy = .production) throws -> PaillierPublicKey {
        try publicKey(from: try decode(PublicKeyJWK.self, from: jwk), policy: policy)
    }

    private static func publicKey(from jwk: PublicKeyJWK, policy: PaillierKeyPolicy) throws -> PaillierPublicKey {
        guard jwk.kty == "DAJ" else { throw PaillierError.malformedJSON(reason: "kty is not \"DAJ\"") }
        guard jwk.alg == "PAI-GN1" else { throw PaillierError.malformedJSON(reason: "alg is not \"PAI-GN1\"") }
        return try PaillierPublicKey(modulus: try integer(base64URL: jwk.n, field: "n"), policy: policy)
    }

    // MARK: Private keys

    /// Writes a private key as python-paillier's private JWK.
    ///
    /// - Warning: The JSON text contains the primes in a `String`, which cannot be wiped. Write it only to a
    ///   protected store, and prefer ``PaillierPrivateKey/wireEncoding``, which is wiped on release.
    /// - Parameters:
    ///   - privateKey: The key.
    ///   - keyDescription: The `kid` text of both the private and the embedded public JWK.
    /// - Returns: The JSON text, with sorted keys.
    public static func privateKeyJWK(_ privateKey: PaillierPrivateKey, keyDescription: String? = nil) -> String {
        let jwk = PrivateKeyJWK(
            kty: "DAJ", keyOperations: ["decrypt"], p: base64URL(privateKey.p.bigEndianBytes()),
            q: base64URL(privateKey.q.bigEndianBytes()),
            pub: publicJWK(privateKey.publicKey, keyDescription: keyDescription),
            kid: keyDescription ?? "secagg Paillier private key \(privateKey.publicKey.id)")
        return encode(jwk)
    }

    /// Reads a private key from python-paillier's private JWK and validates it, including the embedded public
    /// key when present.
    ///
    /// - Parameters:
    ///   - jwk: The JSON text.
    ///   - policy: The accepted key sizes.
    /// - Returns: The private key.
    /// - Throws: ``PaillierError/malformedJSON(reason:)``, ``PaillierError/primesDoNotMatchModulus`` or the
    ///   validation errors of ``PaillierPrivateKey/init(p:q:policy:)``.
    public static func privateKey(jwk: String, policy: PaillierKeyPolicy = .production) throws -> PaillierPrivateKey {
        let parsed = try decode(PrivateKeyJWK.self, from: jwk)
        guard parsed.kty == "DAJ" else { throw PaillierError.malformedJSON(reason: "kty is not \"DAJ\"") }
        let p = try integer(base64URL: parsed.p, field: "p")
        let q = try integer(base64URL: parsed.q, field: "q")
        if let embedded = parsed.pub {
            return try PaillierPrivateKey(
                p: p, q: q, publicKey: publicKey(from: embedded, policy: policy), policy: policy)
        }
        return try PaillierPrivateKey(p: p, q: q, policy: policy)
    }

    // MARK: Encrypted numbers

    /// Writes an encrypted number as `{"e": exponent, "v": "decimal"}`.
    ///
    /// - Parameter number: The encrypted number.
    /// - Returns: The JSON text.
    public static func encryptedNumberJSON(_ number: PaillierEncryptedNumber) -> String {
        encode(EncryptedNumberJSON(v: number.ciphertext.value.description, e: number.exponent))
    }

    /// Reads an encrypted number and validates its ciphertext for a key.
    ///
    /// - Parameters:
    ///   - json: The JSON text, with `v` a decimal string and `e` an integer.
    ///   - publicKey: The key that the ciphertext belongs to.
    /// - Returns: The encrypted number. Check its exponent with ``PaillierFixedPointContext/check(_:)``.
    /// - Throws: ``PaillierError/malformedJSON(reason:)``, ``PaillierError/exponentOutOfRange(exponent:minimum:maximum:)``
    ///   for an `e` outside ``PaillierFixedPointContext/exponentRange``, ``PaillierError/ciphertextOutOfRange`` or
    ///   ``PaillierError/ciphertextNotUnit``.
    public static func encryptedNumber(json: String, publicKey: PaillierPublicKey) throws -> PaillierEncryptedNumber {
        let parsed = try decode(EncryptedNumberJSON.self, from: json)
        let value: BigInt
        do {
            value = try BigInt(decimal: parsed.v)
        } catch {
            throw PaillierError.malformedJSON(reason: "v is not a decimal integer: \(error)")
        }
        let range = PaillierFixedPointContext.exponentRange
        guard range.contains(parsed.e) else {
            throw PaillierError.exponentOutOfRange(
                exponent: parsed.e, minimum: range.lowerBound, maximum: range.upperBound)
        }
        return PaillierEncryptedNumber(ciphertext: try publicKey.ciphertext(value), exponent: parsed.e)
    }

    // MARK: Helpers

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // These structures contain only strings, integers and arrays, which always encode.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw PaillierError.malformedJSON(reason: describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "invalid JSON at \(path(context))"
        @unknown default: return "invalid JSON"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let components = context.codingPath.map(\.stringValue)
        return components.isEmpty ? "the top level" : "\"" + components.joined(separator: ".") + "\""
    }

    /// Encodes bytes as unpadded URL-safe Base64 (RFC 4648 section 5).
    package static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes unpadded URL-safe Base64 to a non-negative integer.
    static func integer(base64URL text: String, field: String) throws -> BigInt {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !standard.contains("="), standard.count % 4 != 1 else {
            throw PaillierError.malformedJSON(reason: "\(field) is not unpadded base64url")
        }
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        guard let data = Data(base64Encoded: standard), !data.isEmpty else {
            throw PaillierError.malformedJSON(reason: "\(field) is not unpadded base64url")
        }
        return BigInt(bigEndianBytes: [UInt8](data))
    }
}
