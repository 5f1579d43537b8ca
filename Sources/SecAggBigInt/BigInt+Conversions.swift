import CGMP
import CSodium
import SecAggPrimitives

// MARK: - Machine integers

extension BigInt {
    /// Creates a value equal to `value`.
    ///
    /// - Parameter value: A machine integer.
    public init(_ value: Int) {
        self.init(UInt64(value.magnitude))
        if value < 0 {
            withUnsafeMutableMPZ { __gmpz_neg($0, $0) }
        }
    }

    /// Creates a value equal to `value`.
    ///
    /// - Parameter value: An unsigned 64-bit integer.
    public init(_ value: UInt64) {
        self.init()
        var word = value
        // One word of 8 bytes in native byte order, so the code does not depend on the width of C `long`.
        withUnsafeMutableMPZ { result in
            withUnsafeBytes(of: &word) { bytes in
                __gmpz_import(result, 1, 1, 8, 0, 0, bytes.baseAddress)
            }
        }
    }

    /// The magnitude as a `UInt64` when it fits in 64 bits, otherwise `nil`. Used by the `exactly:`
    /// initializers of `Int` and `UInt64`.
    var magnitudeAsUInt64: UInt64? {
        guard bitWidth <= 64 else { return nil }
        var word: UInt64 = 0
        withUnsafeMPZ { value in
            withUnsafeMutableBytes(of: &word) { bytes in
                var wordCount = 0
                _ = __gmpz_export(bytes.baseAddress, &wordCount, 1, 8, 0, 0, value)
            }
        }
        return word
    }
}

extension Int {
    /// Creates an `Int` equal to `value`, or `nil` when `value` is outside `Int.min...Int.max`.
    ///
    /// - Parameter value: The value to convert.
    public init?(exactly value: BigInt) {
        guard let magnitude = value.magnitudeAsUInt64 else { return nil }
        if value.signum() < 0 {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            self = magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        } else {
            guard magnitude <= UInt64(Int.max) else { return nil }
            self = Int(magnitude)
        }
    }
}

extension UInt64 {
    /// Creates a `UInt64` equal to `value`, or `nil` when `value` is negative or needs more than 64 bits.
    ///
    /// - Parameter value: The value to convert.
    public init?(exactly value: BigInt) {
        guard value.signum() >= 0, let magnitude = value.magnitudeAsUInt64 else { return nil }
        self = magnitude
    }
}

// MARK: - Big-endian bytes

extension BigInt {
    /// Creates a non-negative value from its unsigned big-endian encoding. Leading zero bytes are allowed, and
    /// no bytes give zero.
    ///
    /// - Parameter bytes: The magnitude, most significant byte first.
    public init(bigEndianBytes bytes: some ContiguousByteStorage) {
        self.init()
        withUnsafeMutableMPZ { result in
            bytes.withUnsafeBytes { buffer in
                __gmpz_import(result, buffer.count, 1, 1, 1, 0, buffer.bytePointer)
            }
        }
    }

    /// The number of bytes in the shortest big-endian encoding of the magnitude, 0 for zero.
    var magnitudeByteCount: Int {
        (bitWidth + 7) / 8
    }

    /// Encodes the magnitude in the shortest unsigned big-endian form: no leading zero bytes, and no bytes at
    /// all for zero.
    ///
    /// - Warning: The sign is dropped, so `-5` and `5` give the same bytes. ``bigEndianBytes(count:)`` rejects
    ///   negative values. The array is not wiped on release, so use ``secureBigEndianBytes(count:)`` for a secret.
    /// - Returns: The magnitude, most significant byte first.
    public func bigEndianBytes() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: magnitudeByteCount)
        bytes.withUnsafeMutableBytes { writeMagnitude(rightAlignedIn: $0) }
        return bytes
    }

    /// Encodes the value as unsigned big-endian in exactly `count` bytes, padded with leading zeros.
    ///
    /// - Parameter count: The length of the encoding in bytes.
    /// - Returns: The encoding, most significant byte first.
    /// - Throws: ``BigIntError/negativeByteCount(operation:byteCount:)`` for a negative `count`,
    ///   ``BigIntError/negativeValue(operation:)`` for a negative value, and
    ///   ``BigIntError/valueTooLarge(operation:requiredByteCount:allowedByteCount:)`` when the value needs more
    ///   than `count` bytes.
    public func bigEndianBytes(count: Int) throws -> [UInt8] {
        try checkEncodable(in: count, operation: "bigEndianBytes(count:)")
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { writeMagnitude(rightAlignedIn: $0) }
        return bytes
    }

    /// Encodes the value as unsigned big-endian in exactly `count` bytes, in a buffer that is wiped on release.
    ///
    /// - Parameter count: The length of the encoding in bytes.
    /// - Returns: The encoding, most significant byte first.
    /// - Throws: ``BigIntError/negativeByteCount(operation:byteCount:)`` for a negative `count`,
    ///   ``BigIntError/negativeValue(operation:)`` for a negative value, and
    ///   ``BigIntError/valueTooLarge(operation:requiredByteCount:allowedByteCount:)`` when the value needs more
    ///   than `count` bytes.
    public func secureBigEndianBytes(count: Int) throws -> SecureBytes {
        try checkEncodable(in: count, operation: "secureBigEndianBytes(count:)")
        return SecureBytes(count: count) { writeMagnitude(rightAlignedIn: $0) }
    }

    private func checkEncodable(in count: Int, operation: String) throws {
        guard count >= 0 else { throw BigIntError.negativeByteCount(operation: operation, byteCount: count) }
        guard signum() >= 0 else { throw BigIntError.negativeValue(operation: operation) }
        let required = magnitudeByteCount
        guard required <= count else {
            throw BigIntError.valueTooLarge(operation: operation, requiredByteCount: required, allowedByteCount: count)
        }
    }

    /// Writes the magnitude big-endian at the end of `buffer`, which is zeroed and has room for it.
    private func writeMagnitude(rightAlignedIn buffer: UnsafeMutableRawBufferPointer) {
        let byteCount = magnitudeByteCount
        precondition(byteCount <= buffer.count, "BigInt: buffer of \(buffer.count) bytes is too small")
        guard byteCount > 0, let base = buffer.baseAddress else { return }
        withUnsafeMPZ { value in
            var written = 0
            _ = __gmpz_export(base + (buffer.count - byteCount), &written, 1, 1, 1, 0, value)
        }
    }
}

// MARK: - Text

extension BigInt {
    /// Creates a value from hexadecimal digits in either case, with an optional leading `-`.
    ///
    /// There is no `0x` prefix, no `+` sign and no white space.
    /// - Parameter text: The digits, for example `-1f` or `DEADbeef`.
    /// - Throws: ``BigIntError/missingDigits(radix:)`` for an empty string or a lone `-`, and
    ///   ``BigIntError/invalidDigit(radix:position:character:)`` for the first character that is not a
    ///   hexadecimal digit.
    public init(hex text: String) throws {
        try self.init(parsing: text, radix: 16)
    }

    /// Creates a value from decimal digits with an optional leading `-`.
    ///
    /// There is no `+` sign and no white space.
    /// - Parameter text: The digits, for example `-170141183460469231731687303715884105727`.
    /// - Throws: ``BigIntError/missingDigits(radix:)`` for an empty string or a lone `-`, and
    ///   ``BigIntError/invalidDigit(radix:position:character:)`` for the first character that is not a decimal
    ///   digit.
    public init(decimal text: String) throws {
        try self.init(parsing: text, radix: 10)
    }

    /// The value in lowercase hexadecimal, with a leading `-` when negative and no `0x` prefix. Zero is `0`.
    public var hexString: String {
        string(radix: 16)
    }

    /// Checks every character before passing the digits to GMP, because `mpz_set_str` skips white space and
    /// would accept more than the documented format.
    private init(parsing text: String, radix: Int) throws {
        // The digit copy may hold a secret, so it is wiped on every exit. Reserving room for every character
        // and the NUL keeps the array from reallocating, which would leave an unwiped copy behind.
        var digits = [CChar]()
        digits.reserveCapacity(text.utf8.count + 1)
        defer { Self.wipe(&digits) }
        var isNegative = false
        for (position, character) in text.unicodeScalars.enumerated() {
            if position == 0 && character == "-" {
                isNegative = true
                continue
            }
            guard Self.isDigit(character, radix: radix) else {
                throw BigIntError.invalidDigit(radix: radix, position: position, character: character)
            }
            digits.append(CChar(truncatingIfNeeded: character.value))
        }
        guard !digits.isEmpty else { throw BigIntError.missingDigits(radix: radix) }
        digits.append(0)

        self.init()
        let status = withUnsafeMutableMPZ { __gmpz_set_str($0, digits, Int32(radix)) }
        precondition(status == 0, "mpz_set_str rejected digits that passed validation")
        if isNegative {
            withUnsafeMutableMPZ { __gmpz_neg($0, $0) }
        }
    }

    private static func isDigit(_ character: Unicode.Scalar, radix: Int) -> Bool {
        switch character {
        case "0"..."9": return true
        case "a"..."f", "A"..."F": return radix == 16
        default: return false
        }
    }

    private static func wipe(_ characters: inout [CChar]) {
        characters.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }

    /// Formats the value in `radix` (10 or 16) with GMP's `mpz_get_str`, lowercase, into a buffer that is
    /// wiped afterwards.
    func string(radix: Int) -> String {
        withUnsafeMPZ { value in
            // `mpz_sizeinbase` may exceed the digit count by one, and the buffer also needs a sign and a NUL.
            var characters = [CChar](repeating: 0, count: __gmpz_sizeinbase(value, Int32(radix)) + 2)
            defer { Self.wipe(&characters) }
            characters.withUnsafeMutableBufferPointer { buffer in
                _ = __gmpz_get_str(buffer.baseAddress, Int32(radix), value)
            }
            return characters.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { String(cString: $0) } ?? "0"
            }
        }
    }
}
