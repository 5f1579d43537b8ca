import SecAggBigInt
import SecAggPrimitives

/// The `keys` target: key, point, scalar and sealed-box decoding, and the text decoders `Hex.decode`,
/// `BigInt(hex:)` and `BigInt(decimal:)`, each with a round-trip or differential check.
///
/// Input: a selector byte, then the bytes. Selector `s` picks `s mod 10`: 0 X25519 public key and agreement, 1
/// X25519 private key and agreement, 2 Ed25519 public key, 3 Ed25519 signature, 4 ristretto255 point (libsodium
/// and the variable-time decoder compared), 5 ristretto255 scalar, 6 XChaCha20-Poly1305 sealed box, 7 hex, 8
/// `BigInt(hex:)`, 9 `BigInt(decimal:)`.
enum KeyFuzzing {
    static let message = Array("secagg fuzz message".utf8)

    static func isExpected(_ error: any Error) -> Bool {
        error is PrimitiveError || error is BigIntError
    }

    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let (selector, body) = split(bytes) else { return }
        try expecting("decoder \(selector % 10)", isExpected) {
            switch selector % 10 {
            case 0:
                let key = try X25519.PublicKey(rawRepresentation: body)
                try check(key.rawRepresentation == body, "an X25519 public key changed its bytes")
                _ = try fixedAgreementKey().sharedSecret(with: key)
            case 1:
                let key = try X25519.PrivateKey(rawRepresentation: body)
                _ = try key.sharedSecret(with: fixedAgreementKey().publicKey)
            case 2:
                let key = try Ed25519.PublicKey(rawRepresentation: body)
                let signature = FuzzKeys.signer.signature(for: message)
                try check(
                    !key.isValidSignature(signature, for: message) || key == FuzzKeys.signer.publicKey,
                    "a signature verifies under a key that did not make it")
            case 3:
                let valid = FuzzKeys.signer.publicKey.isValidSignature(body, for: message)
                try check(
                    !valid || body == FuzzKeys.signer.signature(for: message), "a forged signature verifies")
            case 4:
                try comparePointDecoders(body)
            case 5:
                if body.count == Ristretto255.wideByteCount {
                    _ = try Ristretto255.Scalar(reducing: body)
                } else {
                    let scalar = try Ristretto255.Scalar(canonicalBytes: body)
                    try check(scalar.bytes == SecureBytes(copying: body), "a scalar changed its bytes")
                }
            case 6:
                let box = try XChaCha20Poly1305.SealedBox(combined: body)
                try check(box.combined == body, "a sealed box changed its bytes")
                do {
                    let plaintext = try XChaCha20Poly1305.open(box, using: fixedSymmetricKey())
                    try check(body == (try genuineBox()).combined, "a forged sealed box opened")
                    try check(plaintext == SecureBytes(copying: [1, 2, 3]), "a sealed box opened to other bytes")
                } catch PrimitiveError.authenticationFailed {}
            case 7:
                let text = String(decoding: body, as: UTF8.self)
                let decoded = try Hex.decode(text)
                try check(Hex.encode(decoded) == text.lowercased(), "hex does not round-trip")
            case 8:
                let value = try BigInt(hex: String(decoding: body, as: UTF8.self))
                try check(try BigInt(hex: value.hexString) == value, "BigInt hex does not round-trip")
            default:
                let value = try BigInt(decimal: String(decoding: body, as: UTF8.self))
                try check(try BigInt(decimal: value.description) == value, "BigInt decimal does not round-trip")
            }
        }
    }

    /// Checks that libsodium's point decoder and the variable-time decoder accept the same encodings, and that
    /// both encode back to the input.
    static func comparePointDecoders(_ body: [UInt8]) throws {
        let point = try? Ristretto255.Point(encoding: body)
        let publicPoint = try? Ristretto255.PublicPoint(decoding: body)
        try check(
            (point == nil) == (publicPoint == nil),
            "libsodium and the variable-time decoder disagree on \(Hex.encode(body))")
        if let point {
            try check(point.encoding == body, "a ristretto255 point changed its bytes")
        }
        if let publicPoint {
            try check(publicPoint.encoded().encoding == body, "a variable-time point re-encodes differently")
        }
        _ = try Ristretto255.Point(encoding: body)
    }

    static func fixedAgreementKey() -> X25519.PrivateKey {
        var source = SeededRandom(seed: 51)
        return X25519.PrivateKey(using: &source)
    }

    static func fixedSymmetricKey() throws -> SymmetricKey {
        try SymmetricKey(copying: [UInt8](repeating: 9, count: SymmetricKey.byteCount))
    }

    /// Returns the one sealed box of the fixed key that the target accepts: the bytes 1, 2, 3 under a fixed nonce.
    static func genuineBox() throws -> XChaCha20Poly1305.SealedBox {
        try XChaCha20Poly1305.seal([1, 2, 3], using: try fixedSymmetricKey(), nonce: [UInt8](repeating: 3, count: 24))
    }

    static func seeds() throws(FuzzFailure) -> [[UInt8]] {
        try fixture("key seeds") {
            var source = SeededRandom(seed: 52)
            let peer = X25519.PrivateKey(using: &source)
            let box = try genuineBox()
            return [
                [0] + peer.publicKey.rawRepresentation,
                [0] + [UInt8](repeating: 0, count: 32),
                [1] + [UInt8](repeating: 0x41, count: 32),
                [2] + FuzzKeys.signer.publicKey.rawRepresentation,
                [3] + FuzzKeys.signer.signature(for: message),
                [4] + Ristretto255.Point.generator.encoding,
                [4] + Ristretto255.Point.identity.encoding,
                [5] + Ristretto255.Scalar(12345).bytes.unprotectedCopy(),
                [5] + Ristretto255.orderBytes,
                [6] + box.combined,
                [7] + Array("00ff10Ab".utf8),
                [8] + Array("-DEADbeef0123456789".utf8),
                [9] + Array("-170141183460469231731687303715884105727".utf8),
            ]
        }
    }
}
