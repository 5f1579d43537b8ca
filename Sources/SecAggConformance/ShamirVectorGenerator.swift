import Foundation
import SecAggPrimitives
import SecAggShamir

extension ShamirConformance {
    /// The dealings of the vector file: name, threshold and share count.
    static let dealingParameters: [(name: String, threshold: Int, shareCount: Int)] = [
        ("t1-n1", 1, 1), ("t1-n3", 1, 3), ("t2-n3", 2, 3), ("t3-n5", 3, 5), ("t4-n7", 4, 7), ("t3-n9", 3, 9),
    ]

    /// Builds the content of `Vectors/shamir.json` from the fixed inputs.
    package static func generateVectors() throws -> ShamirVectorFile {
        var dealings = [String: (SharingPolynomial, Dealing, Ed25519.PrivateKey)]()
        var vectors = [ShamirVector]()
        for parameters in dealingParameters {
            let (vector, polynomial, dealing, key) = try dealingVector(
                name: parameters.name, threshold: parameters.threshold, shareCount: parameters.shareCount)
            dealings[parameters.name] = (polynomial, dealing, key)
            vectors.append(vector)
        }
        func dealing(_ name: String) throws -> Dealing {
            guard let entry = dealings[name] else {
                throw ConformanceError.malformedFile(path: file, reason: "generator has no dealing \(name)")
            }
            return entry.1
        }

        guard let small = dealings["t3-n5"] else {
            throw ConformanceError.malformedFile(path: file, reason: "generator has no dealing t3-n5")
        }
        vectors.append(try deriveKeyVector(secret: small.0.secret))
        vectors += try batchVerifyVectors(dealing: try dealing("t4-n7"))
        vectors += try rejectVectors(dealing: dealing)
        vectors += try robustVectors(dealing: dealing)
        vectors += try complaintVectors(dealing: small.1, dealerKey: small.2)
        return ShamirVectorFile(
            primitive: "Shamir secret sharing over the ristretto255 scalar field, with Feldman commitments",
            source: "The toolkit's own vectors, written by ShamirConformance.generateVectors() in "
                + "Sources/SecAggConformance and recomputed independently by Vectors/tools/check_shamir.py",
            notes: notes, vectors: vectors)
    }

    /// Encodes the vector file as JSON with sorted keys, two-space indentation and a final newline.
    public static func encodedVectorFile() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(try generateVectors())
        data.append(contentsOf: Array("\n".utf8))
        return data
    }

    static let notes = """
        Every value is hexadecimal; scalars are 32 bytes little-endian below the group order l, points are \
        canonical ristretto255 encodings. Inputs are hashes of labels (Specs/shamir.md, section Vectors): \
        coefficient j of dealing N is SHA-512("secagg/v1 shamir vector N coefficient j") read little-endian \
        mod l, its split ID and dealer seed are SHA-256 of "... N split id" and "... N dealer seed", batch \
        weights and wrong share values use "... V weight i" and "... V wrong value x" with SHA-512 mod l. \
        Negative vectors name the error by its stable code (Specs/shamir.md, section Errors). \
        Cross-check: Vectors/tools/check_shamir.py recomputed every value of this file from those inputs with \
        PyNaCl 1.6.2 (libsodium) for Ed25519 and the group operations, Python integers for arithmetic \
        modulo l, and its own Berlekamp-Welch decoder; all checks passed.
        """

    private static func hex(_ bytes: some ContiguousByteStorage) -> String { Hex.encode(bytes) }

    private static func dealingVector(name: String, threshold: Int, shareCount: Int) throws -> (
        ShamirVector, SharingPolynomial, Dealing, Ed25519.PrivateKey
    ) {
        let coefficients = try (0..<threshold).map { try ShamirVectorInputs.coefficient(dealing: name, degree: $0) }
        let polynomial = try SharingPolynomial(coefficients: coefficients)
        let splitID = try ShamirVectorInputs.splitID(dealing: name)
        let dealing = try polynomial.deal(shareCount: shareCount, splitID: splitID)
        let seed = ShamirVectorInputs.dealerSeed(dealing: name)
        let dealerKey = try Ed25519.PrivateKey(seed: seed)
        let signed = dealing.signedCommitments(signingWith: dealerKey)

        var vector = ShamirVector(
            name: name, type: "dealing",
            description: "t = \(threshold), n = \(shareCount): coefficients, commitments, signature, every share, "
                + "and reconstructions with their Lagrange coefficients")
        vector.threshold = threshold
        vector.shareCount = shareCount
        vector.splitID = hex(splitID.bytes)
        vector.coefficients = coefficients.map { hex($0.bytes) }
        vector.commitments = dealing.commitments.points.map { hex($0.encoding) }
        vector.commitmentsEncoding = hex(dealing.commitments.encoded())
        vector.dealerSeed = hex(seed)
        vector.dealerPublicKey = hex(dealerKey.publicKey.rawRepresentation)
        vector.signedMessage = hex(SignedCommitments.signedMessage(for: dealing.commitments))
        vector.signature = hex(signed.signature)
        vector.signedCommitmentsEncoding = hex(signed.encoded())
        vector.shares = dealing.shares.map {
            ShamirShareEntry(x: $0.x, value: hex($0.value.bytes), encoding: hex($0.encoded()))
        }
        vector.reconstructions = try reconstructionSubsets(threshold: threshold, shareCount: shareCount).map {
            holders in
            let coefficients = try LagrangeCoefficients(holders: holders, threshold: threshold)
            let shares = holders.map { dealing.shares[Int($0) - 1] }
            return ShamirReconstructionEntry(
                holders: holders, lagrange: coefficients.coefficients.map { hex($0.bytes) },
                secret: hex(try coefficients.reconstruct(shares).bytes))
        }
        return (vector, polynomial, dealing, dealerKey)
    }

    /// Returns every subset of at least `threshold` holders when `n ≤ 5`. For larger `n` it returns the first `t`,
    /// the last `t`, every second holder from the last backwards, and all `n`.
    static func reconstructionSubsets(threshold: Int, shareCount: Int) -> [[UInt32]] {
        let all = (1...UInt32(shareCount)).map { $0 }
        if shareCount <= 5 {
            return (1..<(1 << shareCount)).filter { $0.nonzeroBitCount >= threshold }.map { mask in
                all.filter { mask & (1 << ($0 - 1)) != 0 }
            }
        }
        let spread = Array(stride(from: UInt32(shareCount), through: 1, by: -2).prefix(threshold))
        var subsets = [Array(all.prefix(threshold)), Array(all.suffix(threshold))]
        if spread.count == threshold { subsets.append(spread) }
        subsets.append(all)
        return subsets
    }

    private static func deriveKeyVector(secret: Ristretto255.Scalar) throws -> ShamirVector {
        var vector = ShamirVector(
            name: "derive-key-t3-n5", type: "derive_key",
            description: "the 32-byte key derived from the secret of dealing t3-n5 with KeyDerivation")
        vector.dealing = "t3-n5"
        vector.secret = hex(secret.bytes)
        vector.salt = hex([UInt8]("session-0001".utf8))
        vector.label = "self-mask-seed"
        vector.context = [hex([0x00, 0x00, 0x00, 0x07])]
        let key = try Shamir.deriveKey(
            fromSecret: secret, salt: Array("session-0001".utf8), label: "self-mask-seed",
            context: [[0x00, 0x00, 0x00, 0x07]])
        vector.key = hex(key)
        return vector
    }

    private static func batchVerifyVectors(dealing: Dealing) throws -> [ShamirVector] {
        var result = [ShamirVector]()
        for (name, wrongHolder) in [("batch-verify-t4-n7", UInt32?.none), ("batch-verify-t4-n7-wrong-3", UInt32(3))] {
            var shares = dealing.shares
            if let wrongHolder {
                let position = Int(wrongHolder) - 1
                shares[position] = try Share(
                    splitID: dealing.splitID, x: wrongHolder,
                    value: try ShamirVectorInputs.wrongValue(vector: name, x: wrongHolder))
            }
            let weights = try shares.indices.map { try ShamirVectorInputs.weight(vector: name, index: $0) }
            let sides = dealing.commitments.batchEquationSides(shares, weights: weights)
            var vector = ShamirVector(
                name: name, type: "batch_verify",
                description: wrongHolder == nil
                    ? "the combined check of all seven shares of t4-n7 with fixed weights holds"
                    : "the combined check fails when share 3 is replaced by a wrong value")
            vector.dealing = "t4-n7"
            vector.inputShares = shares.map { hex($0.encoded()) }
            vector.weights = weights.map { hex($0.bytes) }
            var combinedValue = Ristretto255.Scalar.zero
            for (share, weight) in zip(shares, weights) { combinedValue = combinedValue + weight * share.value }
            vector.combinedValue = hex(combinedValue.bytes)
            vector.combinedScalars = (0..<dealing.threshold).map { degree in
                var sum = Ristretto255.Scalar.zero
                for (share, weight) in zip(shares, weights) {
                    var power = Ristretto255.Scalar.one
                    for _ in 0..<degree { power = power * Ristretto255.Scalar(UInt64(share.x)) }
                    sum = sum + weight * power
                }
                return hex(sum.bytes)
            }
            vector.left = hex(sides.left.encoding)
            vector.right = hex(sides.right.encoding)
            vector.valid = sides.left == sides.right
            result.append(vector)
        }
        return result
    }

    private static func rejectVector(
        _ name: String, _ description: String, operation: String, error: String, dealing: String? = nil,
        threshold: Int? = nil, shareCount: Int? = nil, inputShares: [String]? = nil, encoding: String? = nil
    ) -> ShamirVector {
        var vector = ShamirVector(name: name, type: "reject", description: description)
        vector.operation = operation
        vector.error = error
        vector.dealing = dealing
        vector.threshold = threshold
        vector.shareCount = shareCount
        vector.inputShares = inputShares
        vector.encoding = encoding
        return vector
    }

    private static func rejectVectors(dealing: (String) throws -> Dealing) throws -> [ShamirVector] {
        let small = try dealing("t3-n5")
        let other = try dealing("t4-n7")
        func encodings(_ shares: [Share]) -> [String] { shares.map { hex($0.encoded()) } }
        let wrongFourth = try Share(
            splitID: small.splitID, x: 4, value: try ShamirVectorInputs.wrongValue(vector: "reject-inconsistent", x: 4))
        var zeroIndex = small.shares[0].encoded().unprotectedCopy()
        zeroIndex.replaceSubrange(32..<36, with: [0, 0, 0, 0])
        var nonCanonical = small.shares[1].encoded().unprotectedCopy()
        nonCanonical.replaceSubrange(36..<68, with: Ristretto255.orderBytes)
        var badPoint = small.commitments.encoded()
        badPoint.replaceSubrange((36 + 32)..<(36 + 64), with: [UInt8](repeating: 0xff, count: 32))
        let wrongSecond = try Share(
            splitID: small.splitID, x: 2, value: try ShamirVectorInputs.wrongValue(vector: "reject-verify", x: 2))
        return [
            rejectVector(
                "reject-split-id-mismatch", "shares 1 and 2 of t3-n5 with share 3 of t4-n7", operation: "reconstruct",
                error: "split_id_mismatch", dealing: "t3-n5", threshold: 3,
                inputShares: encodings([small.shares[0], small.shares[1], other.shares[2]])),
            rejectVector(
                "reject-duplicate-x", "shares 1, 2 and 2 of t3-n5", operation: "reconstruct",
                error: "duplicate_share_index", dealing: "t3-n5", threshold: 3,
                inputShares: encodings([small.shares[0], small.shares[1], small.shares[1]])),
            rejectVector(
                "reject-too-few-shares", "shares 1 and 2 of t3-n5 at threshold 3", operation: "reconstruct",
                error: "insufficient_shares", dealing: "t3-n5", threshold: 3,
                inputShares: encodings(Array(small.shares[0..<2]))),
            rejectVector(
                "reject-inconsistent-shares", "all five shares of t3-n5 with share 4 replaced by a wrong value",
                operation: "reconstruct", error: "inconsistent_shares", dealing: "t3-n5", threshold: 3,
                inputShares: encodings([
                    small.shares[0], small.shares[1], small.shares[2], wrongFourth, small.shares[4],
                ])
            ),
            rejectVector(
                "reject-x-zero", "share 1 of t3-n5 with its index bytes set to 0", operation: "decode_share",
                error: "share_index_out_of_range", encoding: hex(zeroIndex)),
            rejectVector(
                "reject-share-too-short", "share 1 of t3-n5 without its last byte", operation: "decode_share",
                error: "invalid_encoding_length", encoding: hex(small.shares[0].encoded().unprotectedCopy().dropLast())),
            rejectVector(
                "reject-share-non-canonical", "share 2 of t3-n5 with the value replaced by l",
                operation: "decode_share",
                error: "non_canonical_share_value", encoding: hex(nonCanonical)),
            rejectVector(
                "reject-commitment-invalid-point", "commitments of t3-n5 with C_1 replaced by 32 bytes of 0xff",
                operation: "decode_commitments", error: "invalid_commitment_point", encoding: hex(badPoint)),
            rejectVector(
                "reject-commitments-too-long", "commitments of t3-n5 with one extra byte",
                operation: "decode_commitments", error: "invalid_encoding_length",
                encoding: hex(small.commitments.encoded() + [0])),
            rejectVector(
                "reject-threshold-zero", "split with threshold 0 and 3 shares", operation: "split",
                error: "threshold_too_small", threshold: 0, shareCount: 3),
            rejectVector(
                "reject-threshold-above-n", "split with threshold 4 and 3 shares", operation: "split",
                error: "threshold_exceeds_share_count", threshold: 4, shareCount: 3),
            rejectVector(
                "reject-verify-wrong-share",
                "share 2 of t3-n5 replaced by a wrong value, checked against the commitments",
                operation: "verify_share", error: "share_verification_failed", dealing: "t3-n5",
                inputShares: encodings([wrongSecond])),
        ]
    }

    private static func robustVectors(dealing: (String) throws -> Dealing) throws -> [ShamirVector] {
        var result = [ShamirVector]()
        let cases: [(String, String, String, [UInt32], String?)] = [
            ("verified-t4-n7-wrong-2-5", "verified_reconstruction", "t4-n7", [2, 5], nil),
            ("correct-errors-t3-n9-wrong-2-5-9", "error_correction", "t3-n9", [2, 5, 9], nil),
            ("correct-errors-t4-n7-wrong-6", "error_correction", "t4-n7", [6], nil),
            ("correct-errors-t3-n9-wrong-1-4-6-8", "error_correction", "t3-n9", [1, 4, 6, 8], "too_many_errors"),
        ]
        for (name, type, dealingName, wrongHolders, error) in cases {
            let source = try dealing(dealingName)
            let shares = try source.shares.map { share in
                guard wrongHolders.contains(share.x) else { return share }
                return try Share(
                    splitID: share.splitID, x: share.x,
                    value: try ShamirVectorInputs.wrongValue(vector: name, x: share.x))
            }
            var vector = ShamirVector(
                name: name, type: type,
                description: "every share of \(dealingName) with holders \(wrongHolders) given wrong values"
                    + (type == "verified_reconstruction" ? ", checked against the commitments" : ", no commitments"))
            vector.dealing = dealingName
            vector.threshold = source.threshold
            vector.inputShares = shares.map { hex($0.encoded()) }
            if let error {
                vector.error = error
            } else if type == "verified_reconstruction" {
                var random = SeededRandom(seed: 0)
                let recovered = try Shamir.reconstructVerified(
                    shares, commitments: source.commitments, threshold: source.threshold, using: &random)
                vector.secret = hex(recovered.secret.bytes)
                vector.rejectedHolders = recovered.rejectedHolders
            } else {
                let recovered = try Shamir.reconstructCorrectingErrors(shares, threshold: source.threshold)
                vector.secret = hex(recovered.secret.bytes)
                vector.rejectedHolders = recovered.rejectedHolders
            }
            result.append(vector)
        }
        return result
    }

    private static func complaintVectors(dealing: Dealing, dealerKey: Ed25519.PrivateKey) throws -> [ShamirVector] {
        let signed = dealing.signedCommitments(signingWith: dealerKey)
        let wrong = try Share(
            splitID: dealing.splitID, x: 2, value: try ShamirVectorInputs.wrongValue(vector: "complaint-t3-n5", x: 2))
        var flipped = signed.signature
        flipped[0] ^= 0x01
        let forged = try SignedCommitments(commitments: signed.commitments, signature: flipped)
        let cases: [(String, String, SignedCommitments, Share, String?)] = [
            ("complaint-t3-n5-valid", "share 2 replaced by a wrong value: valid evidence", signed, wrong, nil),
            (
                "complaint-t3-n5-correct-share", "the correct share 2: no evidence", signed, dealing.shares[1],
                "complaint_share_is_valid"
            ),
            (
                "complaint-t3-n5-bad-signature", "share 2 replaced, lowest signature bit flipped", forged, wrong,
                "invalid_commitment_signature"
            ),
        ]
        return cases.map { name, description, signedCommitments, share, error in
            let complaint = ShareComplaint(
                dealer: dealerKey.publicKey, signedCommitments: signedCommitments, share: share)
            var vector = ShamirVector(name: name, type: "complaint", description: description)
            vector.dealing = "t3-n5"
            vector.encoding = hex(complaint.encoded())
            vector.valid = error == nil
            vector.error = error
            return vector
        }
    }
}
