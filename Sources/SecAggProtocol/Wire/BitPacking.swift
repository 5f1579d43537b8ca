/// Packs vectors of ring elements into `bitWidth` bits each, least significant bit first.
///
/// Element `i` occupies bits `i·w … i·w + w − 1` of the output, where bit `j` is bit `j mod 8` of byte `j / 8`.
/// The last byte is padded with zero bits. This is the layout `Specs/wire-format.md` specifies.
public enum BitPacking {
    /// The number of bytes that `count` elements of `bitWidth` bits occupy.
    public static func byteCount(elements count: Int, bitWidth: Int) -> Int {
        (count * bitWidth + 7) / 8
    }

    /// Packs `elements`, each below `2^bitWidth`.
    ///
    /// - Precondition: `bitWidth` is 1...64 and every element fits in it. The caller's vectors are reduced mod
    ///   the ring modulus, so a wider element is a programming error, not bad input.
    public static func pack(_ elements: [UInt64], bitWidth: Int) -> [UInt8] {
        precondition(bitWidth >= 1 && bitWidth <= 64, "bit width \(bitWidth) outside 1...64")
        var output = [UInt8](repeating: 0, count: byteCount(elements: elements.count, bitWidth: bitWidth))
        if bitWidth % 8 == 0 {
            let width = bitWidth / 8
            output.withUnsafeMutableBufferPointer { out in
                var position = 0
                for element in elements {
                    precondition(
                        bitWidth == 64 || element >> UInt64(bitWidth) == 0, "element wider than \(bitWidth) bits")
                    var value = element
                    for index in 0..<width {
                        out[position + index] = UInt8(truncatingIfNeeded: value)
                        value >>= 8
                    }
                    position += width
                }
            }
            return output
        }
        output.withUnsafeMutableBufferPointer { out in
            // Invariant: the low `filled` bits of `accumulator` are pending output, and `filled` is below 8
            // between elements.
            var accumulator: UInt64 = 0
            var filled = 0
            var position = 0
            for element in elements {
                precondition(element >> UInt64(bitWidth) == 0, "element wider than \(bitWidth) bits")
                let space = 64 - filled
                accumulator |= element << UInt64(filled)
                if bitWidth >= space {
                    // The accumulator is full: write all 64 bits, then keep the element's bits that did not fit.
                    for _ in 0..<8 {
                        out[position] = UInt8(truncatingIfNeeded: accumulator)
                        position += 1
                        accumulator >>= 8
                    }
                    accumulator = space == 64 ? 0 : element >> UInt64(space)
                    filled = bitWidth - space
                } else {
                    filled += bitWidth
                }
                while filled >= 8 {
                    out[position] = UInt8(truncatingIfNeeded: accumulator)
                    position += 1
                    accumulator >>= 8
                    filled -= 8
                }
            }
            if filled > 0 { out[position] = UInt8(truncatingIfNeeded: accumulator) }
        }
        return output
    }

    /// Unpacks `count` elements of `bitWidth` bits, checking the length, the zero padding and, when `modulus`
    /// is given, that every element is below it.
    ///
    /// - Throws: ``WireError/truncated(field:needed:available:)`` or ``WireError/trailingBytes(count:)`` for a
    ///   wrong length, ``WireError/invalidValue(field:reason:)`` for non-zero padding or an element at or above
    ///   the modulus.
    public static func unpack(
        _ bytes: [UInt8], count: Int, bitWidth: Int, modulus: UInt64? = nil, field: String = "vector"
    ) throws -> [UInt64] {
        precondition(bitWidth >= 1 && bitWidth <= 64, "bit width \(bitWidth) outside 1...64")
        let expected = byteCount(elements: count, bitWidth: bitWidth)
        guard bytes.count >= expected else {
            throw WireError.truncated(field: field, needed: expected, available: bytes.count)
        }
        guard bytes.count == expected else { throw WireError.trailingBytes(count: bytes.count - expected) }
        let mask: UInt64 = bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
        var elements = [UInt64](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { input in
            elements.withUnsafeMutableBufferPointer { out in
                var bitPosition = 0
                for index in 0..<count {
                    var value: UInt64 = 0
                    var gathered = 0
                    var byteIndex = bitPosition >> 3
                    var shift = bitPosition & 7
                    while gathered < bitWidth {
                        let available = 8 - shift
                        let chunk = UInt64(input[byteIndex] >> UInt8(shift))
                        value |= chunk << UInt64(gathered)
                        gathered += available
                        byteIndex += 1
                        shift = 0
                    }
                    out[index] = value & mask
                    bitPosition += bitWidth
                }
            }
        }
        let usedBits = count * bitWidth
        if usedBits % 8 != 0 {
            let padding = bytes[expected - 1] >> UInt8(usedBits % 8)
            guard padding == 0 else { throw WireError.invalidValue(field: field, reason: "padding bits are not zero") }
        }
        if let modulus {
            for (index, element) in elements.enumerated() where element >= modulus {
                throw WireError.invalidValue(
                    field: field, reason: "element \(index) is \(element), not below the modulus \(modulus)")
            }
        }
        return elements
    }
}
