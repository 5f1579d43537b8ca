import CGMP
import SecAggBigInt
import Testing

@Suite("GMP memory wiping")
struct MemoryWipingTests {
    @Test("Wiping functions are installed")
    func wipingFunctionsAreInstalled() {
        // Creating a value installs the functions if no earlier test has.
        _ = BigInt(1) << 1000
        var allocate: (@convention(c) (Int) -> UnsafeMutableRawPointer?)?
        var reallocate: (@convention(c) (UnsafeMutableRawPointer?, Int, Int) -> UnsafeMutableRawPointer?)?
        var free: (@convention(c) (UnsafeMutableRawPointer?, Int) -> Void)?
        __gmp_get_memory_functions(&allocate, &reallocate, &free)
        let expected = GMPMemory.wipingFunctions
        #expect(
            unsafeBitCast(allocate, to: UnsafeRawPointer?.self)
                == unsafeBitCast(expected.allocate, to: UnsafeRawPointer?.self))
        #expect(
            unsafeBitCast(reallocate, to: UnsafeRawPointer?.self)
                == unsafeBitCast(expected.reallocate, to: UnsafeRawPointer?.self))
        #expect(
            unsafeBitCast(free, to: UnsafeRawPointer?.self) == unsafeBitCast(expected.free, to: UnsafeRawPointer?.self))
    }

    @Test("Reallocation keeps block contents")
    func reallocationKeepsBlockContents() throws {
        let functions = GMPMemory.wipingFunctions
        let block = try #require(functions.allocate(64))
        let pattern = (0..<64).map { UInt8($0 * 3 & 0xff) }
        block.copyMemory(from: pattern, byteCount: 64)

        let grown = try #require(functions.reallocate(block, 64, 4096))
        #expect(Array(UnsafeRawBufferPointer(start: grown, count: 64)) == pattern)

        let shrunk = try #require(functions.reallocate(grown, 4096, 16))
        #expect(Array(UnsafeRawBufferPointer(start: shrunk, count: 16)) == Array(pattern[0..<16]))
        functions.free(shrunk, 16)
    }

    @Test("Resized values keep limbs")
    func resizedValuesKeepLimbs() throws {
        // `mpz_realloc2` moves the limbs of an allocated integer through the reallocation function.
        let original = try BigInt(hex: "123456789abcdef0fedcba9876543210" + String(repeating: "5a", count: 100))
        var value = original
        value.withUnsafeMutableMPZ { __gmpz_realloc2($0, 100_000) }
        #expect(value == original)
        value.withUnsafeMutableMPZ { __gmpz_realloc2($0, 1000) }
        #expect(value == original)
    }
}
