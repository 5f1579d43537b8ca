import SecAggPrimitives

/// A vector in Z_R^m: a quantized update, a mask, a masked update or an aggregator's running sum.
///
/// Elements are stored in lanes of ``Modulus/laneByteCount`` bytes (1, 2, 4 or 8) in host byte order, the
/// narrowest unsigned integer that fits a residue. Narrow lanes halve the memory traffic and the keystream a
/// mask consumes compared with the next width, and a lane width that divides the SIMD register lets the add
/// loops vectorize. Every lane holds a residue in `0..<R` after every public operation.
///
/// The storage is a ``SecureBytes`` buffer, so copies share it until one is mutated, and it is wiped when the
/// last copy is released: a vector may contain a provider's private update or an unmasked mask.
public struct ModularVector: Sendable, Equatable {
    /// The largest number of coordinates, 2^32, which keeps every keystream position inside one ChaCha20 stream.
    public static let maximumCount = 1 << 32

    /// The modulus R.
    public let modulus: Modulus
    /// The number of coordinates m.
    public let count: Int
    /// The lanes: `count · modulus.laneByteCount` bytes, wiped when the last copy is released.
    package var storage: SecureBytes

    /// Creates the zero vector of `count` coordinates.
    ///
    /// - Throws: ``MaskingError/invalidLength(length:maximum:)`` when `count` is negative or above
    ///   ``maximumCount``.
    public init(zeros count: Int, modulus: Modulus) throws {
        try Self.checkCount(count)
        self.modulus = modulus
        self.count = count
        storage = SecureBytes(zeroedCount: count * modulus.laneByteCount)
    }

    /// Creates a vector from residues.
    ///
    /// - Throws: ``MaskingError/residueOutOfRange(index:value:modulus:)`` for an element that is not below R,
    ///   and ``MaskingError/invalidLength(length:maximum:)`` for more than ``maximumCount`` elements.
    public init(residues: [UInt64], modulus: Modulus) throws {
        try self.init(zeros: residues.count, modulus: modulus)
        for (index, value) in residues.enumerated() where !modulus.contains(value) {
            throw MaskingError.residueOutOfRange(index: index, value: value, modulus: modulus)
        }
        let laneByteCount = modulus.laneByteCount
        storage.withUnsafeMutableBytes { bytes in
            for (index, value) in residues.enumerated() {
                Self.store(value, at: index, laneByteCount: laneByteCount, in: bytes)
            }
        }
    }

    /// Creates a vector by reducing signed integers mod R.
    ///
    /// - Throws: ``MaskingError/invalidLength(length:maximum:)`` for more than ``maximumCount`` elements.
    public init(reducing values: [Int64], modulus: Modulus) throws {
        try self.init(residues: values.map { modulus.residue(of: $0) }, modulus: modulus)
    }

    /// Accesses the residue at `index`.
    ///
    /// - Precondition: `index` is in `0..<count`.
    public subscript(index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "index \(index) out of range 0..<\(count)")
        let laneByteCount = modulus.laneByteCount
        return storage.withUnsafeBytes { Self.load(at: index, laneByteCount: laneByteCount, from: $0) }
    }

    /// Every residue, widened to `UInt64`. O(m) time and 8·m bytes.
    public var residues: [UInt64] {
        let laneByteCount = modulus.laneByteCount
        return storage.withUnsafeBytes { bytes in
            (0..<count).map { Self.load(at: $0, laneByteCount: laneByteCount, from: bytes) }
        }
    }

    /// Returns the coordinates in `range` as a new vector.
    ///
    /// - Throws: ``MaskingError/rangeOutOfBounds(lowerBound:upperBound:length:)`` unless `range` lies in
    ///   `0..<count`.
    public func slice(_ range: Range<Int>) throws -> ModularVector {
        guard range.lowerBound >= 0 && range.upperBound <= count else {
            throw MaskingError.rangeOutOfBounds(
                lowerBound: range.lowerBound, upperBound: range.upperBound, length: count)
        }
        var result = try ModularVector(zeros: range.count, modulus: modulus)
        let laneByteCount = modulus.laneByteCount
        storage.withUnsafeBytes { source in
            result.storage.withUnsafeMutableBytes { destination in
                guard let to = destination.baseAddress, let from = source.baseAddress else { return }
                to.copyMemory(from: from + range.lowerBound * laneByteCount, byteCount: range.count * laneByteCount)
            }
        }
        return result
    }

    /// Adds `other` coordinate by coordinate, mod R. O(m).
    ///
    /// The aggregator sums masked updates with this, in place, so its memory stays O(m) for any number of
    /// providers.
    /// - Throws: ``MaskingError/modulusMismatch(expected:actual:)`` or
    ///   ``MaskingError/lengthMismatch(expected:actual:)`` when the vectors differ in modulus or length.
    public mutating func add(_ other: ModularVector) throws {
        try combine(with: other, sign: .add)
    }

    /// Subtracts `other` coordinate by coordinate, mod R. O(m).
    ///
    /// - Throws: ``MaskingError/modulusMismatch(expected:actual:)`` or
    ///   ``MaskingError/lengthMismatch(expected:actual:)`` when the vectors differ in modulus or length.
    public mutating func subtract(_ other: ModularVector) throws {
        try combine(with: other, sign: .subtract)
    }

    /// Calls `body` with the lanes: ``count`` elements of ``Modulus/laneByteCount`` bytes each, in host byte
    /// order, every one below R. A packed wire encoding reads the residues from here.
    public func withUnsafeLaneBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes(body)
    }

    private mutating func combine(with other: ModularVector, sign: MaskSign) throws {
        guard other.modulus == modulus else {
            throw MaskingError.modulusMismatch(expected: modulus, actual: other.modulus)
        }
        guard other.count == count else {
            throw MaskingError.lengthMismatch(expected: count, actual: other.count)
        }
        let modulus = self.modulus
        let count = self.count
        other.storage.withUnsafeBytes { source in
            storage.withUnsafeMutableBytes { destination in
                guard let to = destination.baseAddress, let from = source.baseAddress else { return }
                LaneKernels.combine(
                    destination: to, source: UnsafeMutableRawPointer(mutating: from), count: count, modulus: modulus,
                    sign: sign)
            }
        }
    }

    static func checkCount(_ count: Int) throws {
        guard count >= 0 && count <= maximumCount else {
            throw MaskingError.invalidLength(length: count, maximum: maximumCount)
        }
    }

    static func load(at index: Int, laneByteCount: Int, from bytes: UnsafeRawBufferPointer) -> UInt64 {
        let offset = index * laneByteCount
        switch laneByteCount {
        case 1: return UInt64(bytes.load(fromByteOffset: offset, as: UInt8.self))
        case 2: return UInt64(bytes.load(fromByteOffset: offset, as: UInt16.self))
        case 4: return UInt64(bytes.load(fromByteOffset: offset, as: UInt32.self))
        default: return bytes.load(fromByteOffset: offset, as: UInt64.self)
        }
    }

    static func store(_ value: UInt64, at index: Int, laneByteCount: Int, in bytes: UnsafeMutableRawBufferPointer) {
        let offset = index * laneByteCount
        switch laneByteCount {
        case 1: bytes.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: offset, as: UInt8.self)
        case 2: bytes.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: offset, as: UInt16.self)
        case 4: bytes.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: offset, as: UInt32.self)
        default: bytes.storeBytes(of: value, toByteOffset: offset, as: UInt64.self)
        }
    }
}

extension ModularVector: CustomStringConvertible {
    /// The modulus and length, never the contents, which may be private.
    public var description: String {
        "ModularVector(\(count) coordinates mod \(modulus))"
    }
}
