import SecAggPrimitives
import SecAggProtocol
import Testing

@Suite("Bit packing")
struct BitPackingTests {
    static let widths = Array(1...64)

    @Test("round trip at every width", arguments: widths)
    func roundTrip(width: Int) throws {
        var source = SeededRandom(seed: UInt64(width))
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        for count in [0, 1, 7, 8, 9, 63, 64, 65, 1000] {
            let elements = (0..<count).map { _ in source.next() & mask }
            let packed = BitPacking.pack(elements, bitWidth: width)
            #expect(packed.count == (count * width + 7) / 8)
            #expect(try BitPacking.unpack(packed, count: count, bitWidth: width) == elements)
        }
    }

    @Test("layout is least significant bit first")
    func layout() {
        #expect(BitPacking.pack([1, 2, 3], bitWidth: 3) == [0b1101_0001, 0b0000_0000])
        #expect(BitPacking.pack([0x1234], bitWidth: 16) == [0x34, 0x12])
        #expect(BitPacking.pack([0x7fff_ffff_ffff_ffff, 1], bitWidth: 63).count == 16)
    }

    @Test("all-ones elements survive every width", arguments: widths)
    func allOnes(width: Int) throws {
        let value: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        let elements = [UInt64](repeating: value, count: 17)
        #expect(
            try BitPacking.unpack(BitPacking.pack(elements, bitWidth: width), count: 17, bitWidth: width) == elements)
    }

    @Test("short input is rejected")
    func shortInput() {
        #expect(throws: WireError.truncated(field: "vector", needed: 4, available: 3)) {
            _ = try BitPacking.unpack([0, 0, 0], count: 1, bitWidth: 32)
        }
    }

    @Test("long input is rejected")
    func longInput() {
        #expect(throws: WireError.trailingBytes(count: 1)) {
            _ = try BitPacking.unpack([0, 0, 0, 0, 0], count: 1, bitWidth: 32)
        }
    }

    @Test("non-zero padding is rejected")
    func padding() {
        #expect(throws: WireError.invalidValue(field: "vector", reason: "padding bits are not zero")) {
            _ = try BitPacking.unpack([0b1000_0000], count: 1, bitWidth: 3)
        }
    }

    @Test("element at the modulus is rejected")
    func elementAtModulus() {
        let packed = BitPacking.pack([4, 5], bitWidth: 3)
        #expect(throws: WireError.invalidValue(field: "vector", reason: "element 1 is 5, not below the modulus 5")) {
            _ = try BitPacking.unpack(packed, count: 2, bitWidth: 3, modulus: 5)
        }
    }
}

@Suite("Wire reader")
struct WireReaderTests {
    @Test("integers are big-endian")
    func bigEndian() throws {
        var writer = WireWriter()
        writer.writeUInt16(0x0102)
        writer.writeUInt32(0x0304_0506)
        writer.writeUInt64(0x0708_090a_0b0c_0d0e)
        #expect(writer.bytes == Array(1...14))
        var reader = WireReader(writer.bytes)
        #expect(try reader.readUInt16("a") == 0x0102)
        #expect(try reader.readUInt32("b") == 0x0304_0506)
        #expect(try reader.readUInt64("c") == 0x0708_090a_0b0c_0d0e)
        try reader.expectEnd()
    }

    @Test("oversized length prefix is rejected")
    func oversizedLength() {
        var reader = WireReader([0xff, 0xff, 0xff, 0xff])
        #expect(throws: WireError.tooLarge(field: "blob", value: 0xffff_ffff, maximum: 100)) {
            _ = try reader.readLengthPrefixed("blob", maximum: 100)
        }
    }

    @Test("count larger than input is rejected")
    func hostileCount() {
        var reader = WireReader([0, 0, 0x10, 0, 1, 2])
        #expect(throws: WireError.truncated(field: "ids", needed: 16384, available: 2)) {
            _ = try reader.readCount("ids", maximum: 1 << 20, minimumElementSize: 4)
        }
    }
}

@Suite("Message envelope")
struct EnvelopeTests {
    static func sample(signer: Ed25519.PrivateKey) -> SignedMessage {
        let header = MessageHeader(
            type: .maskedInput, taskID: [UInt8](repeating: 1, count: 32), round: 7,
            sessionID: [UInt8](repeating: 2, count: 32), sender: 5, recipient: aggregatorParticipantID)
        return SignedMessage.seal(header: header, payload: [9, 9, 9], signer: signer)
    }

    @Test("envelope round trips and verifies")
    func roundTrip() throws {
        let signer = try Ed25519.PrivateKey(seed: [UInt8](repeating: 3, count: 32))
        let message = Self.sample(signer: signer)
        let decoded = try SignedMessage(decoding: message.encoded, maximumByteCount: 1 << 20)
        #expect(decoded == message)
        #expect(decoded.isSigned(by: signer.publicKey))
        #expect(message.encoded.count == SignedMessage.headerByteCount + 3 + 64)
    }

    @Test("every truncation is rejected")
    func truncations() throws {
        let signer = try Ed25519.PrivateKey(seed: [UInt8](repeating: 3, count: 32))
        let encoded = Self.sample(signer: signer).encoded
        for length in 0..<encoded.count {
            #expect(throws: WireError.self) {
                _ = try SignedMessage(decoding: Array(encoded.prefix(length)), maximumByteCount: 1 << 20)
            }
        }
    }

    @Test("every flipped bit fails decoding or verification")
    func bitFlips() throws {
        let signer = try Ed25519.PrivateKey(seed: [UInt8](repeating: 3, count: 32))
        let encoded = Self.sample(signer: signer).encoded
        for index in 0..<encoded.count {
            var altered = encoded
            altered[index] ^= 0x01
            let decoded = try? SignedMessage(decoding: altered, maximumByteCount: 1 << 20)
            #expect(decoded.map { !$0.isSigned(by: signer.publicKey) } ?? true, "byte \(index)")
        }
    }

    @Test("wrong magic, version and type are named")
    func headerErrors() throws {
        let signer = try Ed25519.PrivateKey(seed: [UInt8](repeating: 3, count: 32))
        let encoded = Self.sample(signer: signer).encoded
        var badMagic = encoded
        badMagic[0] = 0
        #expect(throws: WireError.badMagic) { _ = try SignedMessage(decoding: badMagic, maximumByteCount: 1 << 20) }
        var badVersion = encoded
        badVersion[4] = 2
        #expect(throws: WireError.unsupportedVersion(2)) {
            _ = try SignedMessage(decoding: badVersion, maximumByteCount: 1 << 20)
        }
        var badType = encoded
        badType[5] = 200
        #expect(throws: WireError.unknownMessageType(200)) {
            _ = try SignedMessage(decoding: badType, maximumByteCount: 1 << 20)
        }
    }

    @Test("oversized message is rejected")
    func oversized() throws {
        let signer = try Ed25519.PrivateKey(seed: [UInt8](repeating: 3, count: 32))
        let encoded = Self.sample(signer: signer).encoded
        #expect(throws: WireError.tooLarge(field: "message", value: encoded.count, maximum: 100)) {
            _ = try SignedMessage(decoding: encoded, maximumByteCount: 100)
        }
    }

    @Test("trailing bytes are rejected")
    func trailing() throws {
        let signer = try Ed25519.PrivateKey(seed: [UInt8](repeating: 3, count: 32))
        let encoded = Self.sample(signer: signer).encoded
        #expect(throws: WireError.trailingBytes(count: 1)) {
            _ = try SignedMessage(decoding: encoded + [0], maximumByteCount: 1 << 20)
        }
    }
}
