import SecAggPrimitives

extension BigInt {
    /// Draws a value uniformly from `0..<2^bitWidth`.
    ///
    /// The random bytes pass through a buffer that is wiped on release.
    /// - Parameters:
    ///   - bitWidth: The number of random bits. Must not be negative.
    ///   - source: The random source, ``SystemRandom`` in production.
    /// - Returns: A value in `0..<2^bitWidth`, zero when `bitWidth` is 0.
    public static func random(bitWidth: Int, using source: inout some RandomSource) -> BigInt {
        precondition(bitWidth >= 0, "BigInt.random(bitWidth:using:): bit width \(bitWidth) is negative")
        guard bitWidth > 0 else { return 0 }
        let byteCount = (bitWidth + 7) / 8
        var bytes = SecureBytes(zeroedCount: byteCount)
        bytes.withUnsafeMutableBytes { buffer in
            source.fill(buffer)
            // Clear the bits above `bitWidth` in the most significant byte.
            buffer[0] &= UInt8(0xff >> (byteCount * 8 - bitWidth))
        }
        return BigInt(bigEndianBytes: bytes)
    }

    /// Draws a value uniformly from `0..<upperBound` by rejection sampling.
    ///
    /// Each attempt draws as many bits as `upperBound - 1` has and keeps the value when it is below
    /// `upperBound`, so more than half of the attempts succeed.
    /// - Parameters:
    ///   - upperBound: The exclusive upper bound, which must be positive.
    ///   - source: The random source.
    /// - Returns: A value in `0..<upperBound`.
    /// - Throws: ``BigIntError/emptyRange(operation:)`` when `upperBound <= 0`.
    public static func random(below upperBound: BigInt, using source: inout some RandomSource) throws -> BigInt {
        guard upperBound.signum() > 0 else { throw BigIntError.emptyRange(operation: "random(below:using:)") }
        return uncheckedRandom(below: upperBound, using: &source)
    }

    /// Draws a value uniformly from `range`.
    ///
    /// - Parameters:
    ///   - range: The half-open range to draw from.
    ///   - source: The random source.
    /// - Returns: A value in `range`.
    /// - Throws: ``BigIntError/emptyRange(operation:)`` when `range` is empty.
    public static func random(in range: Range<BigInt>, using source: inout some RandomSource) throws -> BigInt {
        guard !range.isEmpty else { throw BigIntError.emptyRange(operation: "random(in:using:)") }
        return range.lowerBound + uncheckedRandom(below: range.upperBound - range.lowerBound, using: &source)
    }

    /// Draws a value uniformly from `range`.
    ///
    /// - Parameters:
    ///   - range: The closed range to draw from, which always contains its bounds.
    ///   - source: The random source.
    /// - Returns: A value in `range`.
    public static func random(in range: ClosedRange<BigInt>, using source: inout some RandomSource) -> BigInt {
        range.lowerBound + uncheckedRandom(below: range.upperBound - range.lowerBound + 1, using: &source)
    }

    /// Draws from `0..<upperBound` for a caller that has checked `upperBound > 0`.
    static func uncheckedRandom(below upperBound: BigInt, using source: inout some RandomSource) -> BigInt {
        let bitWidth = (upperBound - 1).bitWidth
        while true {
            let candidate = random(bitWidth: bitWidth, using: &source)
            if candidate < upperBound { return candidate }
        }
    }
}
