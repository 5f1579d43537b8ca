import CSodium

/// The prime-order group ristretto255 (RFC 9496) through libsodium's `crypto_core_ristretto255` and
/// `crypto_scalarmult_ristretto255`, with variable-time arithmetic for public values in ``PublicPoint``.
public enum Ristretto255 {
    /// Length of an element encoding and of a scalar, in bytes.
    public static let byteCount = 32
    /// Length of the uniform input to element derivation and to wide scalar reduction, in bytes.
    public static let wideByteCount = 64
    /// The group order ℓ = 2^252 + 27742317777372353535851937790883648493, 32 bytes little-endian.
    public static let orderBytes: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ]
}

extension Ristretto255 {
    /// An element of the scalar field Z/ℓ, stored as 32 little-endian bytes below ℓ and wiped on release.
    ///
    /// Arithmetic runs in libsodium's constant-time scalar code. Equality is constant-time.
    public struct Scalar: Sendable, Equatable, CustomStringConvertible {
        /// The canonical 32-byte little-endian encoding.
        public let bytes: SecureBytes

        /// The scalar zero.
        public static var zero: Scalar { Scalar(unchecked: SecureBytes(zeroedCount: Ristretto255.byteCount)) }

        /// The scalar one.
        public static var one: Scalar { Scalar(UInt64(1)) }

        package init(unchecked bytes: SecureBytes) {
            self.bytes = bytes
        }

        /// Creates the scalar equal to a small integer.
        public init(_ value: UInt64) {
            bytes = SecureBytes(count: Ristretto255.byteCount) { output in
                output.storeBytes(of: value.littleEndian, as: UInt64.self)
            }
        }

        /// Decodes a canonical scalar: 32 little-endian bytes below the group order.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for an encoding that is not 32 bytes
        ///   and ``PrimitiveError/nonCanonicalScalar`` for a value of ℓ or more.
        public init(canonicalBytes: some ContiguousByteStorage) throws {
            guard canonicalBytes.count == Ristretto255.byteCount else {
                throw PrimitiveError.invalidLength(
                    role: "ristretto255 scalar", expected: Ristretto255.byteCount, actual: canonicalBytes.count)
            }
            let candidate = SecureBytes(copying: canonicalBytes)
            guard Scalar.isCanonical(candidate) else { throw PrimitiveError.nonCanonicalScalar }
            bytes = candidate
        }

        /// Reduces 64 uniformly random bytes modulo ℓ (`crypto_core_ristretto255_scalar_reduce`); the result is
        /// within 2^-260 of uniform.
        ///
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for input that is not 64 bytes.
        public init(reducing wideBytes: some ContiguousByteStorage) throws {
            guard wideBytes.count == Ristretto255.wideByteCount else {
                throw PrimitiveError.invalidLength(
                    role: "wide scalar input", expected: Ristretto255.wideByteCount, actual: wideBytes.count)
            }
            Sodium.ensureInitialized()
            bytes = SecureBytes(count: Ristretto255.byteCount) { output in
                wideBytes.withUnsafeBytes { input in
                    crypto_core_ristretto255_scalar_reduce(
                        output.mutableBytePointer,
                        input.bytePointer)
                }
            }
        }

        /// Draws a uniformly random scalar by reducing 64 bytes from `source`.
        public static func random(using source: inout some RandomSource) -> Scalar {
            let wide = source.secretBytes(count: Ristretto255.wideByteCount)
            return Scalar(reducingUnchecked: wide)
        }

        /// Draws a uniformly random scalar from the system CSPRNG.
        public static func random() -> Scalar {
            var source = SystemRandom()
            return random(using: &source)
        }

        private init(reducingUnchecked wide: SecureBytes) {
            Sodium.ensureInitialized()
            bytes = SecureBytes(count: Ristretto255.byteCount) { output in
                wide.withUnsafeBytes { input in
                    crypto_core_ristretto255_scalar_reduce(
                        output.mutableBytePointer,
                        input.bytePointer)
                }
            }
        }

        /// Whether this is the scalar zero, computed in constant time.
        public var isZero: Bool { bytes.isAllZero }

        /// Returns `lhs + rhs` modulo ℓ.
        public static func + (lhs: Scalar, rhs: Scalar) -> Scalar {
            binary(lhs, rhs, crypto_core_ristretto255_scalar_add)
        }

        /// Returns `lhs - rhs` modulo ℓ.
        public static func - (lhs: Scalar, rhs: Scalar) -> Scalar {
            binary(lhs, rhs, crypto_core_ristretto255_scalar_sub)
        }

        /// Returns `lhs · rhs` modulo ℓ.
        public static func * (lhs: Scalar, rhs: Scalar) -> Scalar {
            binary(lhs, rhs, crypto_core_ristretto255_scalar_mul)
        }

        /// Returns `-value` modulo ℓ.
        public static prefix func - (value: Scalar) -> Scalar {
            Sodium.ensureInitialized()
            return Scalar(
                unchecked: SecureBytes(count: Ristretto255.byteCount) { output in
                    value.bytes.withUnsafeBytes { input in
                        crypto_core_ristretto255_scalar_negate(
                            output.mutableBytePointer,
                            input.bytePointer)
                    }
                })
        }

        /// Returns the multiplicative inverse modulo ℓ.
        ///
        /// - Throws: ``PrimitiveError/zeroScalarNotInvertible`` for zero.
        public func inverted() throws -> Scalar {
            guard !isZero else { throw PrimitiveError.zeroScalarNotInvertible }
            Sodium.ensureInitialized()
            var status: Int32 = 0
            let result = SecureBytes(count: Ristretto255.byteCount) { output in
                bytes.withUnsafeBytes { input in
                    status = crypto_core_ristretto255_scalar_invert(
                        output.mutableBytePointer,
                        input.bytePointer)
                }
            }
            guard status == 0 else { throw PrimitiveError.zeroScalarNotInvertible }
            return Scalar(unchecked: result)
        }

        public static func == (lhs: Scalar, rhs: Scalar) -> Bool {
            lhs.bytes == rhs.bytes
        }

        public var description: String { "Ristretto255.Scalar(redacted)" }

        private static func binary(
            _ lhs: Scalar, _ rhs: Scalar,
            _ operation: (UnsafeMutablePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Void
        ) -> Scalar {
            Sodium.ensureInitialized()
            return Scalar(
                unchecked: SecureBytes(count: Ristretto255.byteCount) { output in
                    lhs.bytes.withUnsafeBytes { left in
                        rhs.bytes.withUnsafeBytes { right in
                            operation(
                                output.mutableBytePointer,
                                left.bytePointer,
                                right.bytePointer)
                        }
                    }
                })
        }

        /// Whether 32 little-endian bytes encode a value below ℓ. Runs in constant time: the comparison walks
        /// every byte from the most significant and keeps the first difference with masks, not branches.
        static func isCanonical(_ candidate: SecureBytes) -> Bool {
            candidate.withUnsafeBytes { value in
                var less: UInt8 = 0
                var equal: UInt8 = 1
                for index in stride(from: Ristretto255.byteCount - 1, through: 0, by: -1) {
                    let a = UInt16(value[index])
                    let b = UInt16(Ristretto255.orderBytes[index])
                    let isLess = UInt8(truncatingIfNeeded: (a &- b) >> 8) & 1
                    let isEqual = UInt8(truncatingIfNeeded: ((a ^ b) &- 1) >> 8) & 1
                    less |= equal & isLess
                    equal &= isEqual
                }
                return less == 1
            }
        }
    }
}
