import CGMP

/// An arbitrary-precision signed integer backed by a GMP `mpz_t`.
///
/// `BigInt` is a value type: copies share one GMP integer until one of them is mutated (copy-on-write). Before
/// its first GMP call this module installs allocation functions that overwrite every heap block with zeros
/// before GMP frees it, so released limbs do not linger in the heap. GMP's stack temporaries are not wiped.
///
/// Operations that can fail throw ``BigIntError``. Division by zero, a bad modulus or malformed text never
/// stops the process.
///
/// - Warning: Arithmetic, comparison, hashing, conversion and ``power(_:modulus:)`` run in time that depends on
///   the values. For secret exponents and secret inverses use ``secretPower(_:modulus:)`` and
///   ``secretInverse(modulo:)``, which are built on GMP's side-channel silent `mpn_sec_` functions.
public struct BigInt: Sendable {
    /// The owner of one initialized `mpz_t`, which it clears on release.
    ///
    /// Instances are shared between copies of a `BigInt`, across threads too. That is safe because the integer
    /// is mutated only through ``BigInt/withUnsafeMutableMPZ(_:)``, which first makes the storage unique.
    private final class Storage: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<__mpz_struct>

        init() {
            GMPMemory.ensureInstalled()
            pointer = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
            __gmpz_init(pointer)
        }

        init(copying source: UnsafePointer<__mpz_struct>) {
            GMPMemory.ensureInstalled()
            pointer = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
            __gmpz_init_set(pointer, source)
        }

        deinit {
            // `__gmpz_clear` hands the limbs to the wiping free function.
            __gmpz_clear(pointer)
            pointer.deallocate()
        }
    }

    private var storage: Storage

    /// Creates zero.
    init() {
        storage = Storage()
    }

    /// Creates a value by letting `body` write a fresh GMP integer, which starts as zero.
    init(computing body: (UnsafeMutablePointer<__mpz_struct>) throws -> Void) rethrows {
        storage = Storage()
        try body(storage.pointer)
    }

    /// Calls `body` with a read-only pointer to the GMP integer, valid only during the call.
    ///
    /// For other modules of this package that call GMP directly on hot paths.
    /// - Parameter body: A closure that reads the integer. It must not store the pointer.
    /// - Returns: The value that `body` returns.
    package func withUnsafeMPZ<Result>(
        _ body: (UnsafePointer<__mpz_struct>) throws -> Result
    ) rethrows -> Result {
        try withExtendedLifetime(storage) { storage in
            try body(UnsafePointer(storage.pointer))
        }
    }

    /// Calls `body` with a mutable pointer to the GMP integer, valid only during the call.
    ///
    /// A storage that other copies share is copied first, so the change is visible only through this value.
    /// - Parameter body: A closure that reads and writes the integer. It must not store the pointer.
    /// - Returns: The value that `body` returns.
    package mutating func withUnsafeMutableMPZ<Result>(
        _ body: (UnsafeMutablePointer<__mpz_struct>) throws -> Result
    ) rethrows -> Result {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(copying: storage.pointer)
        }
        return try withExtendedLifetime(storage) { storage in
            try body(storage.pointer)
        }
    }
}

// MARK: - Properties

extension BigInt {
    /// The number of 64-bit limbs in the magnitude, 0 for zero.
    var limbCount: Int {
        withUnsafeMPZ { Int($0.pointee._mp_size.magnitude) }
    }

    /// The number of significant bits of the magnitude, 0 for zero. For example `255` and `-255` have 8.
    public var bitWidth: Int {
        withUnsafeMPZ { value in
            value.pointee._mp_size == 0 ? 0 : Int(__gmpz_sizeinbase(value, 2))
        }
    }

    /// A Boolean value indicating whether the value is zero.
    public var isZero: Bool {
        withUnsafeMPZ { $0.pointee._mp_size == 0 }
    }

    /// A Boolean value indicating whether the value is odd. Negative values count as in Swift's `Int`: `-3` is odd.
    public var isOdd: Bool {
        withUnsafeMPZ { value in
            guard value.pointee._mp_size != 0, let limbs = value.pointee._mp_d else { return false }
            return limbs[0] & 1 == 1
        }
    }

    /// The absolute value.
    public var magnitude: BigInt {
        BigInt { result in withUnsafeMPZ { __gmpz_abs(result, $0) } }
    }

    /// Returns -1 for a negative value, 0 for zero and 1 for a positive value.
    ///
    /// - Returns: The sign as -1, 0 or 1.
    public func signum() -> Int {
        withUnsafeMPZ { value in
            let size = value.pointee._mp_size
            return size < 0 ? -1 : (size > 0 ? 1 : 0)
        }
    }

    /// Tests one bit of the two's complement representation, as with Swift's fixed-width integers.
    ///
    /// A negative value behaves as if it had infinitely many leading one bits.
    /// - Parameter index: The bit position, 0 for the least significant bit. Must not be negative.
    /// - Returns: Whether the bit is set.
    public func testBit(_ index: Int) -> Bool {
        precondition(index >= 0, "BigInt.testBit: bit index \(index) is negative")
        return withUnsafeMPZ { __gmpz_tstbit($0, mp_bitcnt_t(index)) != 0 }
    }

    /// Compares the value with the machine word `word` without creating a `BigInt` for it.
    func isEqual(to word: UInt) -> Bool {
        withUnsafeMPZ { __gmpz_cmp_ui($0, word) == 0 }
    }
}

// MARK: - Standard protocols

extension BigInt: Equatable {
    /// Returns whether two values are equal.
    ///
    /// - Warning: Runs in variable time. Do not compare secrets with it where timing can be observed.
    /// - Parameters:
    ///   - lhs: A value.
    ///   - rhs: Another value.
    /// - Returns: `true` when both values are the same integer.
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        lhs.withUnsafeMPZ { left in rhs.withUnsafeMPZ { right in __gmpz_cmp(left, right) == 0 } }
    }
}

extension BigInt: Hashable {
    /// Feeds the sign, the limb count and the limbs into `hasher`.
    ///
    /// GMP keeps no leading zero limbs, so equal values hash equally.
    /// - Parameter hasher: The hasher to feed.
    public func hash(into hasher: inout Hasher) {
        withUnsafeMPZ { value in
            let size = Int(value.pointee._mp_size)
            hasher.combine(size)
            if let limbs = value.pointee._mp_d, size != 0 {
                hasher.combine(
                    bytes: UnsafeRawBufferPointer(
                        start: limbs, count: abs(size) * MemoryLayout<mp_limb_t>.stride))
            }
        }
    }
}

extension BigInt: Comparable {
    /// Returns whether `lhs` is less than `rhs`.
    ///
    /// - Warning: Runs in variable time.
    /// - Parameters:
    ///   - lhs: A value.
    ///   - rhs: Another value.
    /// - Returns: `true` when `lhs < rhs`.
    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        lhs.withUnsafeMPZ { left in rhs.withUnsafeMPZ { right in __gmpz_cmp(left, right) < 0 } }
    }
}

extension BigInt: ExpressibleByIntegerLiteral {
    /// Creates a value from an integer literal that fits in `Int`. Larger values come from
    /// ``init(decimal:)`` or ``init(hex:)``.
    ///
    /// - Parameter value: The literal.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}

extension BigInt: CustomStringConvertible {
    /// The value in decimal, with a leading `-` when negative.
    ///
    /// - Warning: This is the plain value. Types that hold a secret `BigInt` should redact it in their own
    ///   description.
    public var description: String {
        string(radix: 10)
    }
}
