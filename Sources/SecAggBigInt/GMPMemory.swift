import CGMP
import CSodium

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// GMP's process-wide allocation functions, replaced by ones that overwrite every heap block with zeros
/// (`sodium_memzero`) before it goes back to `malloc`.
///
/// GMP keeps limbs in blocks from its allocation function and releases them through its free and reallocation
/// functions. With these replacements installed, every such block is wiped when GMP releases it. That covers
/// the limbs of a ``BigInt`` when its storage is freed, and the temporaries that GMP puts on the heap. It also
/// covers a buffer that grows, because the replacement reallocation copies into a new block and wipes the old
/// one, where `realloc` could leave the old limbs behind.
///
/// The functions are installed once per process by ``ensureInstalled()``, which every ``BigInt`` storage
/// initializer calls before its first GMP call. They call `malloc` and `free`, so a block that another library
/// allocated through GMP's default functions before installation is still released correctly.
///
/// NOTE: GMP puts temporaries below a size threshold on the stack (`alloca`), and those are not wiped. With Debian's
/// GMP 6.2.1 on x86-64, `mpz_powm` with a 2048-bit modulus and a 1024-bit exponent made no heap allocation and
/// used about 15 KiB of stack (measured with a stack-painting C program). ``BigInt/secretPower(_:modulus:)``
/// and ``BigInt/secretInverse(modulo:)`` avoid GMP's temporaries by passing scratch space that this module
/// allocates and wipes to the `mpn_sec_` functions.
package enum GMPMemory {
    /// Whether the wiping functions are installed. The initializer runs once per process, on first access.
    private static let isInstalled: Bool = {
        __gmp_set_memory_functions(wipingAllocate, wipingReallocate, wipingFree)
        return true
    }()

    /// Installs the wiping functions unless they are installed already. Later calls cost one check.
    @inline(__always)
    static func ensureInstalled() {
        precondition(isInstalled, "installing GMP's wiping memory functions failed")
    }

    /// The three functions that ``ensureInstalled()`` passes to `__gmp_set_memory_functions`, for tests that
    /// compare them with what `__gmp_get_memory_functions` returns.
    package static var wipingFunctions:
        (
            allocate: @convention(c) (Int) -> UnsafeMutableRawPointer?,
            reallocate: @convention(c) (UnsafeMutableRawPointer?, Int, Int) -> UnsafeMutableRawPointer?,
            free: @convention(c) (UnsafeMutableRawPointer?, Int) -> Void
        )
    {
        (wipingAllocate, wipingReallocate, wipingFree)
    }
}

/// Allocates `byteCount` bytes with `malloc`. GMP's manual forbids returning NULL and requires the allocation
/// functions to end the program when memory runs out, so this function stops the process then.
private func wipingAllocate(_ byteCount: Int) -> UnsafeMutableRawPointer? {
    guard let block = malloc(Swift.max(byteCount, 1)) else {
        fatalError("GMP allocation of \(byteCount) bytes failed: out of memory")
    }
    return block
}

/// Moves a block to a new allocation of `newByteCount` bytes, then wipes and frees the old block.
///
/// GMP passes the size of the old block as `oldByteCount`, as its manual guarantees for custom allocators.
private func wipingReallocate(
    _ oldBlock: UnsafeMutableRawPointer?, _ oldByteCount: Int, _ newByteCount: Int
) -> UnsafeMutableRawPointer? {
    let newBlock = wipingAllocate(newByteCount)
    if let oldBlock, let newBlock {
        newBlock.copyMemory(from: oldBlock, byteCount: Swift.min(oldByteCount, newByteCount))
        sodium_memzero(oldBlock, oldByteCount)
        free(oldBlock)
    }
    return newBlock
}

/// Wipes a block of `byteCount` bytes and frees it.
private func wipingFree(_ block: UnsafeMutableRawPointer?, _ byteCount: Int) {
    guard let block else { return }
    sodium_memzero(block, byteCount)
    free(block)
}

/// Calls `body` with `count` zeroed limbs of scratch space, which are wiped and freed when `body` returns.
///
/// This is the scratch space for the `mpn_sec_` functions, which never allocate their own.
func withWipedLimbs<Result>(
    count: Int, _ body: (UnsafeMutablePointer<mp_limb_t>) throws -> Result
) rethrows -> Result {
    let capacity = Swift.max(count, 1)
    let limbs = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: capacity)
    limbs.initialize(repeating: 0, count: capacity)
    defer {
        sodium_memzero(limbs, capacity * MemoryLayout<mp_limb_t>.stride)
        limbs.deallocate()
    }
    return try body(limbs)
}
