import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives

/// Fixed keys for the tests, so that no test spends time on prime generation.
///
/// The 128-bit primes were drawn once with Python's `random.Random(20240601)` and checked with gmpy2's
/// `is_prime`. The 1024-bit primes are those of the published ISO/IEC 18033-6 vector in `Vectors/paillier.json`.
enum TestKeys {
    static func integer(_ hex: String) -> BigInt {
        do {
            return try BigInt(hex: hex)
        } catch {
            preconditionFailure("invalid test constant: \(error)")
        }
    }

    /// Two 128-bit primes (a 256-bit modulus), for fast tests under ``PaillierKeyPolicy/unsafeTestKeys``.
    static let smallP = integer("e16273cdd6a19e4f8ca4c608ef605abf")
    static let smallQ = integer("e4b99aa4e600b110226a6c288814f4bf")

    /// Two 128-bit safe primes, for threshold tests.
    static let safeP = integer("db3762e361e7f5ca4efd2cd25a968327")
    static let safeQ = integer("fb500f64edf86423bae8e2b5037ebdc7")

    /// The 1024-bit primes of the published vector (a 2048-bit modulus).
    static let publishedP = integer(
        "ff03b1a74827c746db83d2eaff00067622f545b62584321256e62b01509f10962f9c5c8fd0b7f5184a9ce8e81f439df47dda14563dd55a221799d2aa57ed2713271678a5a0b8b40a84ad13d5b6e6599e6467c670109cf1f45ccfed8f75ea3b814548ab294626fe4d14ff764dd8b091f11a0943a2dd2b983b0df02f4c4d00b413"
    )
    static let publishedQ = integer(
        "dacaabc1dc57faa9fd6a4274c4d588765a1d3311c22e57d8101431b07eb3ddcb05d77d9a742ac2322fe6a063bd1e05acb13b0fe91c70115c2b1eee1155e072527011a5f849de7072a1ce8e6b71db525fbcda7a89aaed46d27aca5eaeaf35a26270a4a833c5cda681ffd49baa0f610bad100cdf47cc86e5034e2a0b2179e04ec7"
    )

    /// Two 1024-bit safe primes (a 2048-bit modulus) for the threshold vectors, drawn once with Python's
    /// `random.Random(20240602)` and checked with gmpy2's `is_prime` (30 rounds) on `p` and `(p - 1) / 2`.
    static let thresholdP = integer(
        "f41f042de0e22a1c17ebf050750ced2d7ba25bc9c495e7093028da7dd1dc3943f869c16c2ea0e98eaae24d2ef9c6072929e4a0fc1f7bd0d6615ec08ea68b3f83c8ce0a9bceb6d56011ba207d098cdab2359dc71fcb556ab09a56b0d8ab860626767f49b17f73452ad4e225d08b02eb66ff5ac553bfc12dde8532b615d50b5c2b"
    )
    static let thresholdQ = integer(
        "d0d2061efdfd103c97997cadae246d299969ce2d5d5cb70678d90aeef6af4c5434e4186aa738013acce8f9ef303badd1eb3df65fdc03dd297ee28650b58fdba6fb9332705a266ad5082b7dc6c8ad8a5a4177ccaad915185e55561ef930acd4a350ada4a992318e38c2e1201885c41f7241f20a70e760d098e045db9b0e0258b7"
    )

    static func key(_ p: BigInt, _ q: BigInt, policy: PaillierKeyPolicy = .unsafeTestKeys) -> PaillierPrivateKey {
        do {
            return try PaillierPrivateKey(p: p, q: q, policy: policy)
        } catch {
            preconditionFailure("invalid test key: \(error)")
        }
    }

    static let small = key(smallP, smallQ)
    static let safe = key(safeP, safeQ)
    static let published = key(publishedP, publishedQ, policy: .production)
    static let threshold = key(thresholdP, thresholdQ, policy: .production)
}
