import CSodium

extension Ristretto255 {
    /// A ristretto255 group element, kept in its canonical 32-byte encoding.
    ///
    /// Elements are public values (commitments, public keys), so equality and hashing use the ordinary byte
    /// comparison.
    public struct Point: Sendable, Hashable, CustomStringConvertible {
        /// The canonical encoding.
        public let encoding: [UInt8]

        /// The identity element, encoded as 32 zero bytes.
        public static let identity = Point(unchecked: [UInt8](repeating: 0, count: Ristretto255.byteCount))

        /// The generator B of RFC 9496.
        public static let generator = Point(unchecked: [
            0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71, 0xa8, 0x84, 0xa9, 0x61, 0xc5, 0x00, 0x51, 0x5f,
            0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82, 0xdd, 0x8d, 0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76,
        ])

        package init(unchecked encoding: [UInt8]) {
            self.encoding = encoding
        }

        /// Decodes and validates an encoding.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for an encoding that is not 32 bytes
        ///   and ``PrimitiveError/invalidPointEncoding`` for one that libsodium's
        ///   `crypto_core_ristretto255_is_valid_point` rejects.
        public init(encoding: some ContiguousByteStorage) throws {
            guard encoding.count == Ristretto255.byteCount else {
                throw PrimitiveError.invalidLength(
                    role: "ristretto255 element", expected: Ristretto255.byteCount, actual: encoding.count)
            }
            Sodium.ensureInitialized()
            let bytes = encoding.withUnsafeBytes { Array($0) }
            // libsodium 1.0.18 ignores bit 255 here and in its arithmetic, so it would accept an encoding that
            // RFC 9496 rejects (the value is then at least p), and two encodings of one element would differ.
            guard bytes[31] & 0x80 == 0, crypto_core_ristretto255_is_valid_point(bytes) == 1 else {
                throw PrimitiveError.invalidPointEncoding
            }
            self.encoding = bytes
        }

        /// Maps 64 uniformly random bytes to an element (RFC 9496 element derivation,
        /// `crypto_core_ristretto255_from_hash`).
        public init(uniformBytes: some ContiguousByteStorage) throws {
            guard uniformBytes.count == Ristretto255.wideByteCount else {
                throw PrimitiveError.invalidLength(
                    role: "element derivation input", expected: Ristretto255.wideByteCount, actual: uniformBytes.count)
            }
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.byteCount)
            let status = uniformBytes.withUnsafeBytes { input in
                crypto_core_ristretto255_from_hash(&output, input.bytePointer)
            }
            guard status == 0 else {
                throw PrimitiveError.libraryFailure(function: "crypto_core_ristretto255_from_hash")
            }
            self.encoding = output
        }

        /// Hashes `message` to an element with domain separation: element derivation of
        /// `expand_message_xmd(SHA-512)` output (RFC 9380 section 5.3.1) of 64 bytes under `domain`.
        ///
        /// - Throws: ``PrimitiveError/lengthOutOfRange(role:minimum:maximum:actual:)`` for an empty domain or
        ///   one longer than 255 bytes.
        public static func hashToGroup(_ message: some ContiguousByteStorage, domain: String) throws -> Point {
            let uniform = try ExpandMessageXMD.sha512(message, domain: Array(domain.utf8), outputByteCount: 64)
            return try Point(uniformBytes: uniform)
        }

        /// Computes `scalar · B` in constant time.
        public static func generatorMultiple(_ scalar: Scalar) -> Point {
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.byteCount)
            let status = scalar.bytes.withUnsafeBytes { scalarBytes in
                crypto_scalarmult_ristretto255_base(&output, scalarBytes.bytePointer)
            }
            // libsodium rejects a zero scalar because the result would be the identity, which is the correct
            // result for a commitment to zero.
            return status == 0 ? Point(unchecked: output) : .identity
        }

        /// Computes `scalar · self` in constant time.
        public func multiplied(by scalar: Scalar) -> Point {
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.byteCount)
            let status = scalar.bytes.withUnsafeBytes { scalarBytes in
                crypto_scalarmult_ristretto255(
                    &output, scalarBytes.bytePointer, encoding)
            }
            // libsodium signals an identity result with -1; every stored Point is valid, so that is the only cause.
            return status == 0 ? Point(unchecked: output) : .identity
        }

        /// Returns `lhs + rhs`.
        public static func + (lhs: Point, rhs: Point) -> Point {
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.byteCount)
            _ = crypto_core_ristretto255_add(&output, lhs.encoding, rhs.encoding)
            return Point(unchecked: output)
        }

        /// Returns `lhs - rhs`.
        public static func - (lhs: Point, rhs: Point) -> Point {
            Sodium.ensureInitialized()
            var output = [UInt8](repeating: 0, count: Ristretto255.byteCount)
            _ = crypto_core_ristretto255_sub(&output, lhs.encoding, rhs.encoding)
            return Point(unchecked: output)
        }

        public var description: String { "Ristretto255.Point(\(Hex.encode(encoding)))" }

    }
}
