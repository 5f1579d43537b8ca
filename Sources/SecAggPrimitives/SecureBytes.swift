import CSodium

/// A byte string that can be read in place, without copying.
///
/// Primitives accept any conforming value, so callers pass `[UInt8]`, array slices and ``SecureBytes`` alike.
public protocol ContiguousByteStorage {
    /// The number of bytes.
    var count: Int { get }

    /// Calls `body` with a pointer to the bytes, valid only for the duration of the call.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousByteStorage where Element == UInt8 {}
extension ArraySlice: ContiguousByteStorage where Element == UInt8 {}

/// Secret bytes that are wiped with `sodium_memzero` when the last copy is released.
///
/// The value has copy-on-write semantics: copies share one buffer until one of them is mutated. Equality
/// runs in constant time for equal lengths (`sodium_memcmp`). The description never shows the content.
public struct SecureBytes: Sendable, ContiguousByteStorage {
    @usableFromInline
    final class Storage: @unchecked Sendable {
        // The buffer is mutated only through `withUnsafeMutableBytes`, which first makes the storage unique,
        // so no two threads can write the same buffer.
        @usableFromInline let pointer: UnsafeMutableRawPointer
        @usableFromInline let count: Int

        @usableFromInline
        init(count: Int) {
            precondition(count >= 0, "SecureBytes count must not be negative")
            self.count = count
            self.pointer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
            self.pointer.initializeMemory(as: UInt8.self, repeating: 0, count: Swift.max(count, 1))
        }

        deinit {
            sodium_memzero(pointer, Swift.max(count, 1))
            pointer.deallocate()
        }
    }

    @usableFromInline var storage: Storage

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Whether the byte string is empty.
    public var isEmpty: Bool { storage.count == 0 }

    /// Creates `count` zero bytes.
    public init(zeroedCount count: Int) {
        storage = Storage(count: count)
    }

    /// Creates `count` bytes from the system CSPRNG (`randombytes_buf`).
    public init(randomCount count: Int) {
        Sodium.ensureInitialized()
        storage = Storage(count: count)
        randombytes_buf(storage.pointer, count)
    }

    /// Copies `bytes` into a new wiped-on-release buffer.
    ///
    /// The source is not wiped: a caller that owns a secret in an array should overwrite it after this call.
    public init(copying bytes: some ContiguousByteStorage) {
        storage = Storage(count: bytes.count)
        let destination = storage.pointer
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { destination.copyMemory(from: base, byteCount: source.count) }
        }
    }

    /// Creates `count` bytes and lets `body` write them in place, so the secret never exists elsewhere.
    ///
    /// The buffer starts zeroed. If `body` throws, the buffer is wiped and released before the error propagates.
    public init(
        count: Int,
        initializingWith body: (UnsafeMutableRawBufferPointer) throws -> Void
    ) rethrows {
        let storage = Storage(count: count)
        try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: count))
        self.storage = storage
    }

    /// Calls `body` with a pointer to the bytes, valid only for the duration of the call.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Calls `body` with a mutable pointer to the bytes, copying a shared buffer first.
    @inlinable
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = Storage(count: storage.count)
            copy.pointer.copyMemory(from: storage.pointer, byteCount: storage.count)
            storage = copy
        }
        return try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// The byte at `index`, for code that must branch on a secret-independent position.
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "SecureBytes index \(index) out of range 0..<\(count)")
        return storage.pointer.load(fromByteOffset: index, as: UInt8.self)
    }

    /// Whether every byte is zero, computed in constant time (`sodium_is_zero`).
    public var isAllZero: Bool {
        sodium_is_zero(storage.pointer, storage.count) == 1
    }

    /// A copy of the bytes in an ordinary array, which is not wiped on release.
    ///
    /// Only for tests and for encoding a value that is about to leave the process anyway.
    package func unprotectedCopy() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

extension SecureBytes: Equatable {
    /// Compares in constant time for equal lengths; values of different lengths are unequal.
    public static func == (lhs: SecureBytes, rhs: SecureBytes) -> Bool {
        constantTimeEqual(lhs, rhs)
    }
}

extension SecureBytes: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "SecureBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }
}

/// Compares two byte strings in time that depends only on their lengths (`sodium_memcmp`).
///
/// - Returns: `true` when both have the same length and the same bytes.
public func constantTimeEqual(_ lhs: some ContiguousByteStorage, _ rhs: some ContiguousByteStorage) -> Bool {
    guard lhs.count == rhs.count else { return false }
    if lhs.count == 0 { return true }
    return lhs.withUnsafeBytes { left in
        rhs.withUnsafeBytes { right in
            sodium_memcmp(left.bytePointer, right.bytePointer, left.count) == 0
        }
    }
}

/// Overwrites the bytes of an array with zeros (`sodium_memzero`), for secrets that had to pass through one.
public func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
    }
}

/// One byte of writable storage that stands in for the base address of an empty buffer, because several
/// libsodium functions reject a NULL pointer even for zero-length input.
nonisolated(unsafe) private let emptyBufferStandIn: UnsafeMutablePointer<UInt8> = {
    let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return pointer
}()

extension UnsafeRawBufferPointer {
    /// The bytes as `UnsafePointer<UInt8>`, or a valid stand-in pointer when the buffer is empty.
    package var bytePointer: UnsafePointer<UInt8> {
        guard let base = baseAddress else { return UnsafePointer(emptyBufferStandIn) }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

extension UnsafeMutableRawBufferPointer {
    /// The bytes as `UnsafeMutablePointer<UInt8>`, or a valid stand-in pointer when the buffer is empty.
    package var mutableBytePointer: UnsafeMutablePointer<UInt8> {
        guard let base = baseAddress else { return emptyBufferStandIn }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

extension UnsafeRawBufferPointer: ContiguousByteStorage {
    /// Calls `body` with this buffer, so borrowed memory can be passed where a byte string is expected.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(self)
    }
}
