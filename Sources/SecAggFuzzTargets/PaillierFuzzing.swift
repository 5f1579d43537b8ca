import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives

/// The `paillier` target: the binary wire decoders and python-paillier JSON, with round-trip checks, decryption
/// of every ciphertext that decodes, and verification of every decryption share that decodes.
///
/// Input: a selector byte, then the encoding. Selector `s` picks decoder `s mod 12`: 0 public key, 1 private
/// key, 2 ciphertext, 3 encrypted vector, 4 encrypted number, 5 threshold parameters, 6 key share, 7 decryption
/// share, 8 batch decryption share, 9 public JWK, 10 private JWK, 11 encrypted-number JSON. Keys are checked
/// with ``PaillierKeyPolicy/unsafeTestKeys``, and values of a key use the fixed 256-bit keys of
/// ``PaillierFixtures``.
enum PaillierFuzzing {
    static let policy = PaillierKeyPolicy.unsafeTestKeys

    static func isExpected(_ error: any Error) -> Bool {
        error is PaillierError || error is BigIntError
    }

    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let (selector, body) = split(bytes) else { return }
        let fixtures = try PaillierFixtures.shared()
        let publicKey = fixtures.privateKey.publicKey
        let parameters = fixtures.parameters
        try expecting("decoder \(selector % 12)", isExpected) {
            switch selector % 12 {
            case 0:
                let key = try PaillierPublicKey(wireEncoding: body, policy: policy)
                try check(key.wireEncoding == body, "a public key re-encodes differently")
            case 1:
                let key = try PaillierPrivateKey(wireEncoding: body, policy: policy)
                try check(key.wireEncoding == SecureBytes(copying: body), "a private key re-encodes differently")
            case 2:
                let ciphertext = try publicKey.ciphertext(wireEncoding: body)
                try check(ciphertext.wireEncoding(publicKey: publicKey) == body, "a ciphertext re-encodes differently")
                let plaintext = try fixtures.privateKey.decrypt(ciphertext)
                try check(
                    plaintext.signum() >= 0 && plaintext < publicKey.modulus, "a decryption is not in 0..<n")
                try check(
                    parameters.verify(fixtures.decryptionShare, for: ciphertext) == false
                        || ciphertext == fixtures.ciphertext, "a decryption share verifies for another ciphertext")
            case 3:
                let vector = try publicKey.encryptedVector(wireEncoding: body)
                try check(vector.wireEncoding(publicKey: publicKey) == body, "a vector re-encodes differently")
            case 4:
                let number = try publicKey.encryptedNumber(wireEncoding: body)
                try check(number.wireEncoding(publicKey: publicKey) == body, "a number re-encodes differently")
            case 5:
                let decoded = try PaillierThresholdParameters(wireEncoding: body, policy: policy)
                try check(decoded.wireEncoding == body, "threshold parameters re-encode differently")
            case 6:
                let share = try parameters.keyShare(wireEncoding: body)
                try check(share.wireEncoding == SecureBytes(copying: body), "a key share re-encodes differently")
            case 7:
                let share = try parameters.decryptionShare(wireEncoding: body)
                try check(
                    share.wireEncoding(publicKey: publicKey) == body, "a decryption share re-encodes differently")
                if parameters.verify(share, for: fixtures.ciphertext) {
                    try check(
                        body == fixtures.decryptionShare.wireEncoding(publicKey: publicKey),
                        "a decryption share that holder 1 did not compute verifies")
                }
            case 8:
                let share = try parameters.batchDecryptionShare(wireEncoding: body)
                try check(
                    share.wireEncoding(publicKey: publicKey) == body, "a batch share re-encodes differently")
            case 9:
                _ = try PythonPaillierJSON.publicKey(jwk: String(decoding: body, as: UTF8.self), policy: policy)
            case 10:
                _ = try PythonPaillierJSON.privateKey(jwk: String(decoding: body, as: UTF8.self), policy: policy)
            default:
                let number = try PythonPaillierJSON.encryptedNumber(
                    json: String(decoding: body, as: UTF8.self), publicKey: publicKey)
                let plaintext = try fixtures.privateKey.decrypt(number.ciphertext)
                try check(plaintext < publicKey.modulus, "a decryption is not below n")
            }
        }
    }

    static func seeds() throws(FuzzFailure) -> [[UInt8]] {
        let fixtures = try PaillierFixtures.shared()
        let publicKey = fixtures.privateKey.publicKey
        var source = SeededRandom(seed: 31)
        return try fixture("Paillier seeds") {
            let number = PaillierEncryptedNumber(
                ciphertext: try publicKey.encrypt(BigInt(42), using: &source), exponent: -3)
            let layout = try PaillierPackingLayout(valueBitWidth: 16, maximumSummands: 4, publicKey: publicKey)
            let encryptor = try PaillierVectorEncryptor(publicKey: publicKey, layout: layout)
            let vector = try encryptor.encrypt([1, -2, 3, 40_000 % 32_768], using: &source)
            let batch = try fixtures.keyShares[0].batchDecryptionShare(
                for: vector, parameters: fixtures.parameters, minimumSummands: 1, using: &source)
            return [
                [0] + publicKey.wireEncoding,
                [1] + fixtures.privateKey.wireEncoding.unprotectedCopy(),
                [2] + fixtures.ciphertext.wireEncoding(publicKey: publicKey),
                [3] + vector.wireEncoding(publicKey: publicKey),
                [4] + number.wireEncoding(publicKey: publicKey),
                [5] + fixtures.parameters.wireEncoding,
                [6] + fixtures.keyShares[1].wireEncoding.unprotectedCopy(),
                [7] + fixtures.decryptionShare.wireEncoding(publicKey: publicKey),
                [8] + batch.wireEncoding(publicKey: publicKey),
                [9] + Array(PythonPaillierJSON.publicKeyJWK(publicKey).utf8),
                [10] + Array(PythonPaillierJSON.privateKeyJWK(fixtures.privateKey).utf8),
                [11] + Array(PythonPaillierJSON.encryptedNumberJSON(number).utf8),
            ]
        }
    }
}

/// Fixed Paillier keys for the fuzz targets: a 256-bit key from two 128-bit safe primes, dealt to three holders
/// with threshold two, one ciphertext and holder 1's decryption share of it.
///
/// The primes are the safe primes of the Paillier tests' fixed keys.
struct PaillierFixtures: @unchecked Sendable {
    let privateKey: PaillierPrivateKey
    let parameters: PaillierThresholdParameters
    let keyShares: [PaillierKeyShare]
    let ciphertext: PaillierCiphertext
    let decryptionShare: PaillierDecryptionShare

    private static let cached: Result<PaillierFixtures, FuzzFailure> = Result { () throws(FuzzFailure) in
        try fixture("the Paillier fixtures") {
            let p = try BigInt(hex: "db3762e361e7f5ca4efd2cd25a968327")
            let q = try BigInt(hex: "fb500f64edf86423bae8e2b5037ebdc7")
            let privateKey = try PaillierPrivateKey(p: p, q: q, policy: .unsafeTestKeys)
            var source = SeededRandom(seed: 30)
            let (parameters, shares) = try PaillierThresholdDealer.deal(
                privateKey: privateKey, threshold: 2, holderCount: 3, using: &source)
            let ciphertext = try privateKey.publicKey.encrypt(BigInt(1234), using: &source)
            let share = try shares[0].decryptionShare(for: ciphertext, parameters: parameters, using: &source)
            return PaillierFixtures(
                privateKey: privateKey, parameters: parameters, keyShares: shares, ciphertext: ciphertext,
                decryptionShare: share)
        }
    }

    static func shared() throws(FuzzFailure) -> PaillierFixtures {
        try cached.get()
    }
}
