import CGMP
import SecAggBigInt
import SecAggPrimitives

/// The layout that packs many signed quantized values into one plaintext, with guard bits so that the sum of up
/// to ``maximumSummands`` packed plaintexts never carries from one slot into the next.
///
/// A value `v` in `[-o, o]` with `o = 2^b - 1` (`b` = ``valueBitWidth``) is stored as `u = v + o` in
/// `[0, 2o]`, which needs `b + 1` bits. A sum of `k ≤ K` such fields lies in `[0, 2kO]`, below
/// `2^(b + 1 + ⌈log2 K⌉)`. One more guard bit on top gives the slot width
/// `w = b + 1 + ⌈log2 K⌉ + 1`, so the top bit of an honest slot is always zero.
/// Slot `j` occupies bits `j*w ..< (j+1)*w` of the plaintext, least significant slot first. A plaintext
/// contains `⌊(bitWidth(W) - 1) / w⌋` slots, so it stays below `2^(bitWidth(W) - 1) ≤ W` and inside the signed
/// window of ``PaillierSignedEncoding``.
///
/// Unpacking a sum of `k` plaintexts checks every slot: a field above `2kO`, or any bit above the last slot,
/// is reported as overflow and never decoded as a number.
public struct PaillierPackingLayout: Sendable, Hashable {
    /// The number of magnitude bits `b`: values lie in `[-(2^b - 1), 2^b - 1]`.
    public let valueBitWidth: Int
    /// The largest number of packed plaintexts that may be summed, `K`.
    public let maximumSummands: Int
    /// The slot width `w = b + 1 + ⌈log2 K⌉ + 1`.
    public let slotBitWidth: Int
    /// The number of slots in one plaintext.
    public let slotsPerCiphertext: Int

    /// The largest value bit width. Sums must fit in `Int64`, so `b + ⌈log2 K⌉` is at most 62 as well.
    public static let maximumValueBitWidth = 48
    /// The largest number of summands, 2^30.
    public static let maximumSummandLimit = 1 << 30

    /// Creates the layout for a key.
    ///
    /// - Parameters:
    ///   - valueBitWidth: The magnitude bits `b`, 1 to 48.
    ///   - maximumSummands: The largest number of providers whose vectors are summed, 1 to 2^30.
    ///   - publicKey: The key whose default signed window the plaintexts must fit.
    /// - Throws: ``PaillierError/invalidPackingLayout(reason:)``.
    public init(valueBitWidth: Int, maximumSummands: Int, publicKey: PaillierPublicKey) throws {
        guard (1...Self.maximumValueBitWidth).contains(valueBitWidth) else {
            throw PaillierError.invalidPackingLayout(
                reason: "value bit width \(valueBitWidth) is outside 1...\(Self.maximumValueBitWidth)")
        }
        guard (1...Self.maximumSummandLimit).contains(maximumSummands) else {
            throw PaillierError.invalidPackingLayout(
                reason: "maximum summands \(maximumSummands) is outside 1...\(Self.maximumSummandLimit)")
        }
        let guardBitWidth = Self.ceilingLog2(maximumSummands)
        guard valueBitWidth + guardBitWidth <= 62 else {
            throw PaillierError.invalidPackingLayout(
                reason: "sums of \(maximumSummands) values of \(valueBitWidth) bits do not fit in Int64")
        }
        let slotBitWidth = valueBitWidth + 1 + guardBitWidth + 1
        let window = PaillierSignedEncoding(publicKey: publicKey).window
        let slots = (window.bitWidth - 1) / slotBitWidth
        guard slots >= 1 else {
            throw PaillierError.invalidPackingLayout(
                reason: "a slot of \(slotBitWidth) bits does not fit the \(window.bitWidth)-bit window")
        }
        self.valueBitWidth = valueBitWidth
        self.maximumSummands = maximumSummands
        self.slotBitWidth = slotBitWidth
        self.slotsPerCiphertext = slots
    }

    /// Returns `⌈log2 value⌉` for a positive value: 0 for 1, 1 for 2, 2 for 3 and 4.
    static func ceilingLog2(_ value: Int) -> Int {
        value <= 1 ? 0 : Int.bitWidth - (value - 1).leadingZeroBitCount
    }

    /// The largest magnitude of a value, `o = 2^b - 1`, which is also the offset added to each value.
    public var maximumMagnitude: Int64 { (Int64(1) << valueBitWidth) - 1 }

    /// Returns the number of plaintexts, and so ciphertexts, that `valueCount` values need.
    ///
    /// - Parameter valueCount: The number of values.
    /// - Returns: `⌈valueCount / slotsPerCiphertext⌉`, and 0 for a negative count. The result does not overflow
    ///   for any `Int`.
    public func ciphertextCount(forValueCount valueCount: Int) -> Int {
        guard valueCount > 0 else { return 0 }
        return (valueCount - 1) / slotsPerCiphertext + 1
    }

    // MARK: Packing

    /// Packs up to ``slotsPerCiphertext`` values into one plaintext.
    ///
    /// - Parameters:
    ///   - values: The values, each in `[-(2^b - 1), 2^b - 1]`. Missing slots are packed as zeros.
    ///   - firstIndex: The position of `values.first` in the whole vector, for error messages.
    /// - Returns: The plaintext, below `2^(slotsPerCiphertext * w)`.
    /// - Throws: ``PaillierError/slotCountOutOfRange(count:slotsPerCiphertext:)`` for more values than slots, and
    ///   ``PaillierError/valueOutOfSlotRange(index:valueBitWidth:)``.
    public func pack(_ values: ArraySlice<Int64>, firstIndex: Int = 0) throws -> BigInt {
        guard values.count <= slotsPerCiphertext else {
            throw PaillierError.slotCountOutOfRange(count: values.count, slotsPerCiphertext: slotsPerCiphertext)
        }
        let offset = maximumMagnitude
        let wordCount = (slotsPerCiphertext * slotBitWidth + 63) / 64
        var words = [UInt64](repeating: 0, count: wordCount)
        defer { wipe(&words) }
        for (slot, value) in values.enumerated() {
            guard value >= -offset, value <= offset else {
                throw PaillierError.valueOutOfSlotRange(index: firstIndex + slot, valueBitWidth: valueBitWidth)
            }
            Self.write(UInt64(value + offset), at: slot * slotBitWidth, into: &words)
        }
        return Self.integer(fromLittleEndianWords: words)
    }

    /// Unpacks the slots of a plaintext that is the sum of `summandCount` packed plaintexts.
    ///
    /// - Parameters:
    ///   - plaintext: The decrypted plaintext, in `0..<n`.
    ///   - summandCount: The number of packed plaintexts in the sum, at least 1.
    ///   - slotCount: The number of slots to return, at most ``slotsPerCiphertext``.
    /// - Returns: One entry per slot: the sum, or ``PaillierSlotSum/overflow``. When bits above the last slot are
    ///   set, for example after a carry out of the top slot, every slot of the plaintext is reported as overflow.
    /// - Throws: ``PaillierError/tooFewSummands(minimum:actual:)`` for a summand count below 1,
    ///   ``PaillierError/summandLimitExceeded(limit:count:)`` above ``maximumSummands``, and
    ///   ``PaillierError/slotCountOutOfRange(count:slotsPerCiphertext:)``.
    public func unpack(_ plaintext: BigInt, summandCount: Int, slotCount: Int) throws -> [PaillierSlotSum] {
        guard summandCount >= 1 else {
            throw PaillierError.tooFewSummands(minimum: 1, actual: summandCount)
        }
        guard summandCount <= maximumSummands else {
            throw PaillierError.summandLimitExceeded(limit: maximumSummands, count: summandCount)
        }
        guard slotCount >= 0 && slotCount <= slotsPerCiphertext else {
            throw PaillierError.slotCountOutOfRange(count: slotCount, slotsPerCiphertext: slotsPerCiphertext)
        }
        let packedBitWidth = slotsPerCiphertext * slotBitWidth
        guard plaintext.signum() >= 0, plaintext.bitWidth <= packedBitWidth else {
            return [PaillierSlotSum](repeating: .overflow, count: slotCount)
        }
        var words = Self.littleEndianWords(of: plaintext, count: (packedBitWidth + 63) / 64)
        defer { wipe(&words) }
        // The sums are at most K * 2 * (2^b - 1) < 2^62, so these products cannot overflow.
        let count = Int64(summandCount)
        let offset = maximumMagnitude
        let maximumField = UInt64(2 * count * offset)
        return (0..<slotCount).map { slot in
            let field = Self.read(at: slot * slotBitWidth, width: slotBitWidth, from: words)
            guard field <= maximumField else { return .overflow }
            return .sum(Int64(field) - count * offset)
        }
    }

    // MARK: Bit fields

    private static func write(_ field: UInt64, at bitOffset: Int, into words: inout [UInt64]) {
        let index = bitOffset / 64
        let shift = bitOffset % 64
        words[index] |= field << shift
        if shift != 0, index + 1 < words.count {
            words[index + 1] |= field >> (64 - shift)
        }
    }

    private static func read(at bitOffset: Int, width: Int, from words: [UInt64]) -> UInt64 {
        let index = bitOffset / 64
        let shift = bitOffset % 64
        var field = words[index] >> shift
        if shift != 0, index + 1 < words.count {
            field |= words[index + 1] << (64 - shift)
        }
        return width == 64 ? field : field & ((UInt64(1) << width) - 1)
    }

    static func integer(fromLittleEndianWords words: [UInt64]) -> BigInt {
        var result = BigInt(0)
        result.withUnsafeMutableMPZ { resultMPZ in
            words.withUnsafeBufferPointer { buffer in
                // order -1: least significant word first; endian 0: native byte order within a word.
                __gmpz_import(resultMPZ, buffer.count, -1, 8, 0, 0, buffer.baseAddress)
            }
        }
        return result
    }

    static func littleEndianWords(of value: BigInt, count: Int) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: max(count, 1))
        value.withUnsafeMPZ { valueMPZ in
            words.withUnsafeMutableBufferPointer { buffer in
                var written = 0
                _ = __gmpz_export(buffer.baseAddress, &written, -1, 8, 0, 0, valueMPZ)
            }
        }
        return words
    }
}

/// The unpacked sum of one slot.
public enum PaillierSlotSum: Sendable, Hashable {
    /// The sum of the slot's values.
    case sum(Int64)
    /// The slot overflowed, so its sum is unknown.
    case overflow
}

/// Overwrites an array of words with zeros, for arrays that held plaintext slots.
private func wipe(_ words: inout [UInt64]) {
    words.withUnsafeMutableBytes { Sodium.wipe($0) }
}
