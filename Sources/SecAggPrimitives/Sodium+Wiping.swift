import CSodium

extension Sodium {
    /// Overwrites `byteCount` bytes of the calling thread's stack below the current frame with zeros
    /// (`sodium_stackzero`).
    ///
    /// Call it after arithmetic on secrets in a library that keeps temporaries on the stack and does not wipe
    /// them, such as GMP's `alloca` scratch space. It clears only memory below the caller's frame, so call it
    /// from the function that made the secret calls, after they returned.
    /// - Parameter byteCount: The number of bytes to clear, for example 32 KiB.
    package static func wipeStack(byteCount: Int) {
        precondition(byteCount >= 0, "Sodium.wipeStack: byte count \(byteCount) is negative")
        sodium_stackzero(byteCount)
    }
}

extension Sodium {
    /// Overwrites a buffer with zeros (`sodium_memzero`), which the compiler cannot drop as a dead store.
    ///
    /// - Parameter buffer: The memory to clear.
    package static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        sodium_memzero(base, buffer.count)
    }
}
