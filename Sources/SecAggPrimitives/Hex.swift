/// Lowercase hexadecimal encoding of byte strings.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lowercase hexadecimal, two digits a byte.
    public static func encode(_ bytes: some ContiguousByteStorage) -> String {
        bytes.withUnsafeBytes { buffer in
            var characters = [UInt8]()
            characters.reserveCapacity(buffer.count * 2)
            for byte in buffer {
                characters.append(digits[Int(byte >> 4)])
                characters.append(digits[Int(byte & 0x0f)])
            }
            return String(decoding: characters, as: UTF8.self)
        }
    }

    /// Decodes hexadecimal digits (either case) into bytes. The empty string decodes to no bytes.
    ///
    /// - Throws: ``PrimitiveError/invalidHex(reason:position:)`` for an odd number of digits or a character
    ///   that is not a hexadecimal digit, with the zero-based position of the problem.
    /// - Warning: Branches on each digit, so decoding secret text (a key file) runs in variable time.
    public static func decode(_ text: String) throws -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else {
            throw PrimitiveError.invalidHex(
                reason: "odd number of digits (\(characters.count))", position: characters.count)
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(of: characters[index]) else {
                throw PrimitiveError.invalidHex(reason: "not a hexadecimal digit", position: index)
            }
            guard let low = value(of: characters[index + 1]) else {
                throw PrimitiveError.invalidHex(reason: "not a hexadecimal digit", position: index + 1)
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
