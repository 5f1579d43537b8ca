import SecAggPrimitives
import SecAggShamir

/// Returns a split ID derived from a label, so tests can tell splits apart.
func testSplitID(_ label: String) -> SplitID {
    guard let splitID = try? SplitID(bytes: SHA256.hash(Array(label.utf8))) else {
        preconditionFailure("SHA-256 output is 32 bytes")
    }
    return splitID
}

/// Deals a random secret with coefficients from a seeded stream.
func seededDealing(threshold: Int, shareCount: Int, seed: UInt64, label: String = "test split") throws -> (
    secret: Ristretto255.Scalar, dealing: Dealing
) {
    var source = SeededRandom(seed: seed)
    let secret = Ristretto255.Scalar.random(using: &source)
    let dealing = try Shamir.split(
        secret: secret, threshold: threshold, shareCount: shareCount, splitID: testSplitID(label), using: &source)
    return (secret, dealing)
}

/// Returns the share with `value + 1` in place of its value.
func corrupted(_ share: Share) throws -> Share {
    try Share(splitID: share.splitID, x: share.x, value: share.value + .one)
}

/// Returns the shares whose positions are set in `mask`.
func subset(_ shares: [Share], mask: Int) -> [Share] {
    shares.indices.filter { mask & (1 << $0) != 0 }.map { shares[$0] }
}
