import Foundation

/// The toolkit's own Paillier vector file, `Vectors/paillier/toolkit.json`: fixed keys, then vectors that refer
/// to a key by name. `Specs/paillier.md` explains how each vector type was computed.
package struct PaillierToolkitFile: Codable, Sendable {
    package var primitive: String
    package var source: String
    package var notes: String
    /// The result of the last run of `Vectors/tools/check_paillier.py` over this file.
    package var crossCheck: String
    package var keys: [PaillierToolkitKey]
    package var vectors: [PaillierToolkitVector]

    enum CodingKeys: String, CodingKey {
        case primitive, source, notes, keys, vectors
        case crossCheck = "cross_check"
    }

    package init(
        primitive: String, source: String, notes: String, crossCheck: String, keys: [PaillierToolkitKey],
        vectors: [PaillierToolkitVector]
    ) {
        self.primitive = primitive
        self.source = source
        self.notes = notes
        self.crossCheck = crossCheck
        self.keys = keys
        self.vectors = vectors
    }
}

/// A fixed key of the toolkit's vectors. Integers are lowercase hexadecimal without `0x`.
package struct PaillierToolkitKey: Codable, Sendable {
    package var name: String
    /// `"production"` for keys of 2048 bits or more, `"unsafe-test"` for smaller ones.
    package var policy: String
    package var p: String
    package var q: String
    package var n: String
    package var keyID: String
    package var safePrimes: Bool
    package var publicKeyWire: String
    package var privateKeyWire: String
    package var publicKeyJWK: String

    enum CodingKeys: String, CodingKey {
        case name, policy, p, q, n
        case keyID = "key_id"
        case safePrimes = "safe_primes"
        case publicKeyWire = "public_key_wire"
        case privateKeyWire = "private_key_wire"
        case publicKeyJWK = "public_key_jwk"
    }

    package init(
        name: String, policy: String, p: String, q: String, n: String, keyID: String, safePrimes: Bool,
        publicKeyWire: String, privateKeyWire: String, publicKeyJWK: String
    ) {
        self.name = name
        self.policy = policy
        self.p = p
        self.q = q
        self.n = n
        self.keyID = keyID
        self.safePrimes = safePrimes
        self.publicKeyWire = publicKeyWire
        self.privateKeyWire = privateKeyWire
        self.publicKeyJWK = publicKeyJWK
    }
}

/// One decryption share of a threshold vector, with the proof nonce that produced it.
package struct PaillierToolkitDecryptionShare: Codable, Sendable {
    package var holder: Int
    package var nonce: String
    package var value: String
    package var challenge: String
    package var response: String
    package var wire: String

    package init(holder: Int, nonce: String, value: String, challenge: String, response: String, wire: String) {
        self.holder = holder
        self.nonce = nonce
        self.value = value
        self.challenge = challenge
        self.response = response
        self.wire = wire
    }
}

/// One holder's batch decryption share of a threshold vector, with the proof nonce that produced it.
package struct PaillierToolkitBatchShare: Codable, Sendable {
    package var holder: Int
    package var nonce: String
    package var values: [String]
    package var challenge: String
    package var response: String
    package var wire: String

    package init(holder: Int, nonce: String, values: [String], challenge: String, response: String, wire: String) {
        self.holder = holder
        self.nonce = nonce
        self.values = values
        self.challenge = challenge
        self.response = response
        self.wire = wire
    }
}

/// One vector of the toolkit's file. Each `type` uses a subset of the fields. Integers are lowercase
/// hexadecimal, except `value`, `mantissa`, `scalar` and `sums`, which are signed decimal.
package struct PaillierToolkitVector: Codable, Sendable {
    package var name: String
    package var type: String
    package var key: String
    package var plaintext: String?
    package var r: String?
    package var ciphertext: String?
    package var ciphertextWire: String?
    package var input: String?
    package var inputB: String?
    package var x: String?
    package var base: String?
    package var exponentBits: Int?
    package var a: String?
    package var value: String?
    package var real: String?
    package var exponent: Int?
    package var mantissa: String?
    package var numberJSON: String?
    package var numberWire: String?
    package var scalar: String?
    package var expected: String?
    package var valueBits: Int?
    package var maximumSummands: Int?
    package var summandCount: Int?
    package var values: [[Int64]]?
    package var randomness: [[String]]?
    package var plaintexts: [String]?
    package var vectorWires: [String]?
    package var sumWire: String?
    package var sums: [String]?
    package var threshold: Int?
    package var holderCount: Int?
    package var verificationBase: String?
    package var verificationKeys: [String]?
    package var keyShares: [String]?
    package var keyShareWires: [String]?
    package var parametersWire: String?
    package var decryptionShares: [PaillierToolkitDecryptionShare]?
    package var batchShares: [PaillierToolkitBatchShare]?

    enum CodingKeys: String, CodingKey {
        case name, type, key, plaintext, r, ciphertext, input, x, base, a, value, real, exponent, mantissa
        case scalar, expected, values, randomness, plaintexts, sums, threshold
        case ciphertextWire = "ciphertext_wire"
        case inputB = "input_b"
        case exponentBits = "exponent_bits"
        case numberJSON = "number_json"
        case numberWire = "number_wire"
        case valueBits = "value_bits"
        case maximumSummands = "maximum_summands"
        case summandCount = "summand_count"
        case vectorWires = "vector_wires"
        case sumWire = "sum_wire"
        case holderCount = "holder_count"
        case verificationBase = "verification_base"
        case verificationKeys = "verification_keys"
        case keyShares = "key_shares"
        case keyShareWires = "key_share_wires"
        case parametersWire = "parameters_wire"
        case decryptionShares = "decryption_shares"
        case batchShares = "batch_shares"
    }

    package init(name: String, type: String, key: String) {
        self.name = name
        self.type = type
        self.key = key
    }
}

/// The file that `Vectors/tools/check_paillier.py` writes with python-paillier: ciphertexts that python-paillier
/// encrypted under the toolkit's key `published-2048`, for the toolkit to decrypt.
package struct PythonPaillierFile: Codable, Sendable {
    package var primitive: String
    package var source: String
    package var notes: String
    package var key: String
    package var publicKeyJWK: String
    package var vectors: [PythonPaillierVector]

    enum CodingKeys: String, CodingKey {
        case primitive, source, notes, key, vectors
        case publicKeyJWK = "public_key_jwk"
    }
}

/// One python-paillier ciphertext and the value it encrypts: an integer (exponent 0) or a real.
package struct PythonPaillierVector: Codable, Sendable {
    package var name: String
    /// The `EncryptedNumber` JSON, `{"v": …, "e": …}`.
    package var encryptedNumber: String
    /// The integer, in decimal, for exponent 0.
    package var integer: String?
    /// The real, in Python's shortest `repr`, for other exponents.
    package var real: String?

    enum CodingKeys: String, CodingKey {
        case name, integer, real
        case encryptedNumber = "encrypted_number"
    }
}
