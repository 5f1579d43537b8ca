import SecAggPrimitives
import Testing

@Suite("ristretto255")
struct RistrettoTests {
    @Test("scalar field identities hold")
    func fieldIdentities() throws {
        var source = SeededRandom(seed: 4)
        let a = Ristretto255.Scalar.random(using: &source)
        let b = Ristretto255.Scalar.random(using: &source)
        #expect(a + b - b == a)
        #expect(a * b == b * a)
        #expect(a + (-a) == .zero)
        #expect(a * (try a.inverted()) == .one)
        #expect(Ristretto255.Scalar(3) * Ristretto255.Scalar(5) == Ristretto255.Scalar(15))
    }

    @Test("zero has no inverse")
    func zeroInverse() {
        #expect(throws: PrimitiveError.zeroScalarNotInvertible) {
            _ = try Ristretto255.Scalar.zero.inverted()
        }
    }

    @Test("group order is not a canonical scalar")
    func orderNotCanonical() {
        #expect(throws: PrimitiveError.nonCanonicalScalar) {
            _ = try Ristretto255.Scalar(canonicalBytes: Ristretto255.orderBytes)
        }
    }

    @Test("order minus one is canonical")
    func orderMinusOneCanonical() throws {
        var bytes = Ristretto255.orderBytes
        bytes[0] -= 1
        let scalar = try Ristretto255.Scalar(canonicalBytes: bytes)
        #expect(scalar + .one == .zero)
    }

    @Test("all-ones scalar is rejected")
    func allOnesRejected() {
        #expect(throws: PrimitiveError.nonCanonicalScalar) {
            _ = try Ristretto255.Scalar(canonicalBytes: [UInt8](repeating: 0xff, count: 32))
        }
    }

    @Test("scalar of wrong length is rejected")
    func scalarLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "ristretto255 scalar", expected: 32, actual: 31)) {
            _ = try Ristretto255.Scalar(canonicalBytes: [UInt8](repeating: 0, count: 31))
        }
    }

    @Test("scalar description hides the value")
    func scalarDescription() {
        #expect(Ristretto255.Scalar(12345).description == "Ristretto255.Scalar(redacted)")
    }

    @Test("point arithmetic is consistent")
    func pointArithmetic() {
        var source = SeededRandom(seed: 5)
        let a = Ristretto255.Scalar.random(using: &source)
        let b = Ristretto255.Scalar.random(using: &source)
        let aB = Ristretto255.Point.generatorMultiple(a)
        let bB = Ristretto255.Point.generatorMultiple(b)
        #expect(aB + bB == Ristretto255.Point.generatorMultiple(a + b))
        #expect(aB - bB == Ristretto255.Point.generatorMultiple(a - b))
        #expect(aB.multiplied(by: b) == bB.multiplied(by: a))
        #expect(aB - aB == .identity)
        #expect(aB + .identity == aB)
        #expect(Ristretto255.Point.identity - aB == Ristretto255.Point.generatorMultiple(-a))
    }

    @Test("zero scalar gives the identity")
    func zeroScalar() {
        #expect(Ristretto255.Point.generatorMultiple(.zero) == .identity)
        #expect(Ristretto255.Point.generator.multiplied(by: .zero) == .identity)
        #expect(Ristretto255.Point.identity.multiplied(by: .one) == .identity)
    }

    @Test("identity encoding decodes")
    func identityDecodes() throws {
        #expect(try Ristretto255.Point(encoding: [UInt8](repeating: 0, count: 32)) == .identity)
    }

    @Test("encoding with bit 255 set is rejected")
    func highBitRejected() {
        var encoding = Ristretto255.Point.generator.encoding
        encoding[31] |= 0x80
        #expect(throws: PrimitiveError.invalidPointEncoding) {
            _ = try Ristretto255.Point(encoding: encoding)
        }
    }

    @Test("point of wrong length is rejected")
    func pointLength() {
        #expect(throws: PrimitiveError.invalidLength(role: "ristretto255 element", expected: 32, actual: 33)) {
            _ = try Ristretto255.Point(encoding: [UInt8](repeating: 0, count: 33))
        }
    }

    @Test("hash to group separates domains")
    func hashToGroupDomains() throws {
        let first = try Ristretto255.Point.hashToGroup([1, 2] as [UInt8], domain: "secagg-test-a")
        let again = try Ristretto255.Point.hashToGroup([1, 2] as [UInt8], domain: "secagg-test-a")
        let other = try Ristretto255.Point.hashToGroup([1, 2] as [UInt8], domain: "secagg-test-b")
        #expect(first == again)
        #expect(first != other)
    }

    @Test("hash to group rejects an empty domain")
    func hashToGroupEmptyDomain() {
        #expect(throws: PrimitiveError.self) {
            _ = try Ristretto255.Point.hashToGroup([1] as [UInt8], domain: "")
        }
    }
}
