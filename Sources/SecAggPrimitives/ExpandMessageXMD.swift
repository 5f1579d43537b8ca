/// `expand_message_xmd` of RFC 9380 section 5.3.1, the hash-to-field expander, with SHA-512.
public enum ExpandMessageXMD {
    /// Expands `message` into `outputByteCount` uniform bytes under the domain-separation tag `domain`.
    ///
    /// - Throws: ``PrimitiveError/lengthOutOfRange(role:minimum:maximum:actual:)`` for a tag of 0 or more than
    ///   255 bytes, or an output longer than 255 SHA-512 blocks (16320 bytes).
    public static func sha512(
        _ message: some ContiguousByteStorage, domain: [UInt8], outputByteCount: Int
    ) throws -> [UInt8] {
        let hashByteCount = SHA512.digestByteCount
        let blockByteCount = 128
        guard domain.count >= 1 && domain.count <= 255 else {
            throw PrimitiveError.lengthOutOfRange(
                role: "expand_message_xmd domain tag", minimum: 1, maximum: 255, actual: domain.count)
        }
        let blockCount = (outputByteCount + hashByteCount - 1) / hashByteCount
        guard outputByteCount >= 1 && blockCount <= 255 else {
            throw PrimitiveError.lengthOutOfRange(
                role: "expand_message_xmd output", minimum: 1, maximum: 255 * hashByteCount, actual: outputByteCount)
        }
        let domainPrime = domain + [UInt8(domain.count)]

        var first = SHA512()
        first.update([UInt8](repeating: 0, count: blockByteCount))
        first.update(message)
        first.update([UInt8(outputByteCount >> 8), UInt8(outputByteCount & 0xff), 0])
        first.update(domainPrime)
        let b0 = first.finalize()

        var output = [UInt8]()
        output.reserveCapacity(blockCount * hashByteCount)
        var previous = [UInt8](repeating: 0, count: hashByteCount)
        for index in 1...blockCount {
            var hasher = SHA512()
            var mixed = b0
            if index > 1 {
                for position in 0..<hashByteCount { mixed[position] ^= previous[position] }
            }
            hasher.update(mixed)
            hasher.update([UInt8(index)])
            hasher.update(domainPrime)
            previous = hasher.finalize()
            output.append(contentsOf: previous)
        }
        return Array(output[0..<outputByteCount])
    }
}
