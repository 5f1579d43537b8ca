import SecAggPrimitives
import Testing

@testable import SecAggMasking

/// A modulus named in test arguments: 2^bits or a prime.
struct ModulusCase: Sendable, CustomTestStringConvertible {
    let bits: Int?
    let prime: UInt64?

    static func power(_ bits: Int) -> ModulusCase { ModulusCase(bits: bits, prime: nil) }
    static func prime(_ value: UInt64) -> ModulusCase { ModulusCase(bits: nil, prime: value) }

    func make() throws -> Modulus {
        if let bits { return try Modulus.powerOfTwo(bits: bits) }
        return try Modulus.prime(prime ?? 0)
    }

    var testDescription: String {
        if let bits { return "2^\(bits)" }
        return "p=\(prime ?? 0)"
    }

    /// Every lane width, widths that are and are not the lane width, and primes with high and low rejection
    /// rates.
    static let sweep: [ModulusCase] = [
        .power(1), .power(8), .power(12), .power(16), .power(20), .power(32), .power(33), .power(64),
        .prime(251), .prime(257), .prime(65_521), .prime(65_537), .prime(4_294_967_291), .prime(4_294_967_311),
        .prime(2_305_843_009_213_693_951), .prime(18_446_744_073_709_551_557),
    ]
}

/// Builds mask contexts and secrets from fixed seeds.
enum Fixture {
    static let sessionID = [UInt8](repeating: 0x5a, count: 32)

    static func context(
        modulus: Modulus, length: Int, vectorName: String = "update", round: UInt64 = 3
    ) throws -> MaskContext {
        try MaskContext(
            taskID: Array("task".utf8), round: round, sessionID: sessionID, vectorName: vectorName, length: length,
            modulus: modulus)
    }

    static func seed(_ value: UInt64) -> SecureBytes {
        var random = SeededRandom(seed: value)
        return random.secretBytes(count: 32)
    }

    static func selfKey(modulus: Modulus, length: Int, provider: UInt32 = 1, seed: UInt64 = 1) throws -> MaskKey {
        try MaskKey.selfMask(
            seed: Self.seed(seed), provider: provider, context: context(modulus: modulus, length: length))
    }

    static func pairKey(modulus: Modulus, length: Int, _ first: UInt32, _ second: UInt32, seed: UInt64 = 2) throws
        -> MaskKey
    {
        try MaskKey.pairwise(
            secret: Self.seed(seed), between: first, and: second, context: context(modulus: modulus, length: length))
    }

    /// Residues mod R from a seeded stream, close enough to uniform for test inputs.
    static func residues(count: Int, modulus: Modulus, seed: UInt64) -> [UInt64] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in modulus.residue(of: Int64(bitPattern: random.next())) }
    }
}
