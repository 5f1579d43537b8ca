import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives
import Testing

@Suite("Paillier signed encoding")
struct SignedEncodingTests {
    static let key = TestKeys.small
    static let encoding = PaillierSignedEncoding(publicKey: key.publicKey)
    static var window: BigInt { encoding.window }

    @Test("Default window is python-paillier max_int")
    func defaultWindowIsMaxInt() throws {
        let n = Self.key.publicKey.modulus
        #expect(Self.window == (try n.quotientAndRemainder(dividingBy: 3)).quotient - 1)
        #expect(Self.window * 3 < n)
    }

    @Test("Boundary values round trip")
    func boundaryValuesRoundTrip() throws {
        var source = SeededRandom(seed: 60)
        for value in [BigInt(0), 1, -1, Self.window, -Self.window, Self.window - 1, -Self.window + 1] {
            let ciphertext = try Self.encoding.encrypt(value, using: &source)
            #expect(try Self.encoding.decrypt(ciphertext, with: Self.key) == value)
        }
    }

    @Test("Values beyond window are rejected")
    func valuesBeyondWindowAreRejected() {
        let error = PaillierError.valueOutsideWindow(windowBitWidth: Self.window.bitWidth)
        #expect(throws: error) { try Self.encoding.encode(Self.window + 1) }
        #expect(throws: error) { try Self.encoding.encode(-Self.window - 1) }
    }

    @Test("Sum past W reports overflow")
    func sumPastWReportsOverflow() throws {
        var source = SeededRandom(seed: 61)
        let publicKey = Self.key.publicKey
        let top = try Self.encoding.encrypt(Self.window, using: &source)
        let encryptedOne = try Self.encoding.encrypt(1, using: &source)
        #expect(throws: PaillierError.overflow) {
            try Self.encoding.decrypt(publicKey.add(top, encryptedOne), with: Self.key)
        }
    }

    @Test("Sum below -W reports overflow")
    func sumBelowMinusWReportsOverflow() throws {
        var source = SeededRandom(seed: 62)
        let publicKey = Self.key.publicKey
        let bottom = try Self.encoding.encrypt(-Self.window, using: &source)
        let minusOne = try Self.encoding.encrypt(-1, using: &source)
        #expect(throws: PaillierError.overflow) {
            try Self.encoding.decrypt(publicKey.add(bottom, minusOne), with: Self.key)
        }
    }

    @Test("Doubled extremes report overflow")
    func doubledExtremesReportOverflow() throws {
        var source = SeededRandom(seed: 63)
        let publicKey = Self.key.publicKey
        for value in [Self.window, -Self.window] {
            let ciphertext = try Self.encoding.encrypt(value, using: &source)
            #expect(throws: PaillierError.overflow) {
                try Self.encoding.decrypt(publicKey.add(ciphertext, ciphertext), with: Self.key)
            }
        }
    }

    @Test("Band edges decode as specified")
    func bandEdgesDecodeAsSpecified() throws {
        let n = Self.key.publicKey.modulus
        #expect(throws: PaillierError.overflow) { try Self.encoding.decode(Self.window + 1) }
        #expect(throws: PaillierError.overflow) { try Self.encoding.decode(n - Self.window - 1) }
        #expect(try Self.encoding.decode(n - Self.window) == -Self.window)
        #expect(try Self.encoding.decode(n - 1) == -1)
    }

    @Test("Custom windows are validated")
    func customWindowsAreValidated() throws {
        let publicKey = Self.key.publicKey
        #expect(throws: PaillierError.invalidWindow) { try PaillierSignedEncoding(publicKey: publicKey, window: 0) }
        let third = try publicKey.modulus.quotientAndRemainder(dividingBy: 3).quotient
        #expect(throws: PaillierError.invalidWindow) {
            try PaillierSignedEncoding(publicKey: publicKey, window: third + 1)
        }
        let small = try PaillierSignedEncoding(publicKey: publicKey, window: 1000)
        #expect(throws: PaillierError.overflow) { try small.decode(1001) }
        #expect(try small.decode(publicKey.modulus - 1000) == -1000)
    }
}

@Suite("Paillier fixed-point encoding")
struct FixedPointTests {
    static let key = TestKeys.published
    static let encoding = PaillierSignedEncoding(publicKey: key.publicKey)

    static func context(exponent: Int = -8) -> PaillierFixedPointContext {
        do {
            return try PaillierFixedPointContext(encoding: encoding, exponent: exponent)
        } catch {
            preconditionFailure("invalid test context: \(error)")
        }
    }

    @Test("Reals round trip at step", arguments: [0.0, 1.5, -2.25, 1234.5678, -0.001, 1e-9])
    func realsRoundTripAtStep(value: Double) throws {
        var source = SeededRandom(seed: 70)
        let context = Self.context()
        let decrypted = try context.decrypt(context.encrypt(value, using: &source), with: Self.key)
        #expect(abs(decrypted - value) <= 0x1p-33)
    }

    @Test("Mantissa rounds ties to even")
    func mantissaRoundsTiesToEven() throws {
        let context = Self.context()
        #expect(try context.mantissa(of: 0x1p-33) == 0)
        #expect(try context.mantissa(of: 0x3p-33) == 2)
        #expect(try context.mantissa(of: -0x3p-33) == -2)
        #expect(try context.mantissa(of: 0x5p-33) == 2)
    }

    @Test("Non-finite values are rejected")
    func nonFiniteValuesAreRejected() {
        let context = Self.context()
        #expect(throws: PaillierError.valueNotFinite) { try context.encode(.nan) }
        #expect(throws: PaillierError.valueNotFinite) { try context.encode(.infinity) }
    }

    @Test("Too large reals are rejected")
    func tooLargeRealsAreRejected() {
        // At exponent -256 the mantissa of 2^1023 is 2^2047, above the window of a 2048-bit key.
        let context = Self.context(exponent: -256)
        #expect(throws: PaillierError.valueOutsideWindow(windowBitWidth: Self.encoding.window.bitWidth)) {
            try context.encode(0x1p1023)
        }
    }

    @Test("Mixed exponents are rejected")
    func mixedExponentsAreRejected() throws {
        var source = SeededRandom(seed: 71)
        let fine = Self.context(exponent: -8)
        let coarse = Self.context(exponent: -4)
        let a = try fine.encrypt(1.5, using: &source)
        let b = try coarse.encrypt(1.5, using: &source)
        #expect(throws: PaillierError.exponentMismatch(expected: -8, actual: -4)) { try fine.add(a, b) }
        #expect(throws: PaillierError.exponentMismatch(expected: -4, actual: -8)) {
            try coarse.decrypt(a, with: Self.key)
        }
    }

    @Test("Contexts of another key are rejected")
    func contextsOfAnotherKeyAreRejected() throws {
        var source = SeededRandom(seed: 72)
        let other = try PaillierFixedPointContext(
            encoding: PaillierSignedEncoding(publicKey: TestKeys.threshold.publicKey), exponent: -8)
        let number = try other.encrypt(2.0, using: &source)
        #expect(throws: PaillierError.self) { try Self.context().add(number, number) }
    }

    @Test("Fixed-point arithmetic keeps exponent")
    func fixedPointArithmeticKeepsExponent() throws {
        var source = SeededRandom(seed: 73)
        let context = Self.context()
        let a = try context.encrypt(1.25, using: &source)
        let b = try context.encrypt(-3.5, using: &source)
        #expect(try context.decrypt(context.add(a, b), with: Self.key) == -2.25)
        #expect(try context.decrypt(context.add(a, plaintext: 0.75), with: Self.key) == 2.0)
        #expect(try context.decrypt(context.multiply(b, by: -3), with: Self.key) == 10.5)
        #expect(try context.decrypt(context.negate(a), with: Self.key) == -1.25)
    }

    @Test("Exponent range is enforced")
    func exponentRangeIsEnforced() {
        #expect(throws: PaillierError.exponentOutOfRange(exponent: -257, minimum: -256, maximum: 255)) {
            try PaillierFixedPointContext(encoding: Self.encoding, exponent: -257)
        }
    }
}
