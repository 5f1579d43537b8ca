import Testing

@testable import SecAggPrimitives

typealias PublicScalar = Ristretto255.PublicScalar

/// Computes `Σ scalars[i] · points[i]` with libsodium's constant-time multiplication and addition.
func libsodiumLinearCombination(_ scalars: [Ristretto255.Scalar], _ points: [Ristretto255.Point]) -> Ristretto255.Point
{
    zip(scalars, points).reduce(Ristretto255.Point.identity) { sum, term in sum + term.1.multiplied(by: term.0) }
}

@Suite("ristretto255 public multiplication")
struct PublicMultiplicationTests {
    @Test("small multiples agree with libsodium")
    func smallMultiplesAgreeWithLibsodium() throws {
        var source = SeededRandom(seed: 7_748)
        let edgeMultipliers: [UInt32] = [0, 1, 2, 3, 4, 5, 7, 8, 255, 256, 65_535, 65_536, .max - 1, .max]
        for round in 0..<1_000 {
            let point = try randomPoint(using: &source)
            let multiplier =
                round < edgeMultipliers.count ? edgeMultipliers[round] : UInt32.random(in: 0...65_535, using: &source)
            let expected = point.multiplied(by: Ristretto255.Scalar(UInt64(multiplier)))
            let product = PublicPoint(point).multiplied(by: multiplier)
            #expect(product.encoded() == expected, "multiplier \(multiplier)")
            #expect(product.isOnCurve, "multiplier \(multiplier)")
        }
    }

    @Test("scalar multiples agree with libsodium")
    func scalarMultiplesAgreeWithLibsodium() throws {
        var source = SeededRandom(seed: 7_749)
        var orderMinusOne = Ristretto255.orderBytes
        orderMinusOne[0] -= 1
        let edgeScalars = [Ristretto255.Scalar.zero, .one, try Ristretto255.Scalar(canonicalBytes: orderMinusOne)]
        for round in 0..<500 {
            let point = try randomPoint(using: &source)
            let scalar = round < edgeScalars.count ? edgeScalars[round] : Ristretto255.Scalar.random(using: &source)
            let product = PublicPoint(point).multiplied(by: PublicScalar(declassifying: scalar))
            #expect(product.encoded() == point.multiplied(by: scalar), "round \(round)")
        }
    }

    @Test(
        "multiscalar multiplication agrees with libsodium",
        arguments: [0, 1, 2, 3, 17, 64, 130, 600])
    func multiscalarAgreesWithLibsodium(count: Int) throws {
        var source = SeededRandom(seed: 7_750 + UInt64(count))
        var points = try (0..<count).map { _ in try randomPoint(using: &source) }
        var scalars = (0..<count).map { _ in Ristretto255.Scalar.random(using: &source) }
        // Repeated points, a zero scalar and a scalar of one exercise the table and bucket edge cases.
        if count >= 3 {
            points[1] = points[0]
            scalars[2] = .zero
            scalars[0] = .one
        }
        let expected = libsodiumLinearCombination(scalars, points)
        let publicScalars = scalars.map { PublicScalar(declassifying: $0) }
        let publicPoints = points.map { PublicPoint($0) }
        let straus = PublicPoint.strausMultiscalarMultiplication(publicScalars, publicPoints)
        let pippenger = PublicPoint.pippengerMultiscalarMultiplication(publicScalars, publicPoints)
        let chosen = PublicPoint.multiscalarMultiplication(publicScalars, publicPoints)
        #expect(straus.encoded() == expected)
        #expect(pippenger.encoded() == expected)
        #expect(chosen.encoded() == expected)
        #expect(straus.isOnCurve)
        #expect(pippenger.isOnCurve)
    }

    @Test("small scalars through multiscalar paths")
    func smallScalarsThroughMultiscalarPaths() throws {
        // Scalars below 2^16 leave most windows empty, which the bucket method must skip correctly.
        var source = SeededRandom(seed: 7_751)
        let points = try (0..<40).map { _ in try randomPoint(using: &source) }
        let multipliers = (0..<40).map { _ in UInt64.random(in: 0...65_535, using: &source) }
        let expected = libsodiumLinearCombination(multipliers.map { Ristretto255.Scalar($0) }, points)
        let publicScalars = multipliers.map { PublicScalar($0) }
        let publicPoints = points.map { PublicPoint($0) }
        #expect(PublicPoint.strausMultiscalarMultiplication(publicScalars, publicPoints).encoded() == expected)
        #expect(PublicPoint.pippengerMultiscalarMultiplication(publicScalars, publicPoints).encoded() == expected)
    }

    @Test("Horner evaluation agrees with libsodium", arguments: [1, 2, 5, 40])
    func hornerEvaluationAgreesWithLibsodium(coefficientCount: Int) throws {
        var source = SeededRandom(seed: 7_752 + UInt64(coefficientCount))
        let coefficients = try (0..<coefficientCount).map { _ in try randomPoint(using: &source) }
        let publicCoefficients = coefficients.map { PublicPoint($0) }
        for x in [0, 1, 2, 65_535] + (0..<20).map({ _ in UInt32.random(in: 1...65_535, using: &source) }) {
            var expected = coefficients[coefficientCount - 1]
            for index in stride(from: coefficientCount - 2, through: 0, by: -1) {
                expected = expected.multiplied(by: Ristretto255.Scalar(UInt64(x))) + coefficients[index]
            }
            let result = PublicPoint.evaluatePolynomial(publicCoefficients, at: x)
            #expect(result.encoded() == expected, "x = \(x)")
        }
        #expect(PublicPoint.evaluatePolynomial([], at: 5) == .identity)
    }
}
