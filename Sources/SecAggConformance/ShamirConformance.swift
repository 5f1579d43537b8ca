import Foundation
import SecAggPrimitives
import SecAggShamir

/// Replays `Vectors/shamir.json`: recomputes every dealing, signature, share, Lagrange coefficient and secret from
/// the vector's inputs, and checks that every negative vector fails with the named error.
public enum ShamirConformance: ConformanceSuite {
    /// The suite's name for `secagg conformance` output.
    public static let name = "shamir"
    /// The vector file, relative to the vector directory.
    public static let file = "shamir.json"
    /// The vector files this suite reads.
    public static let files = [file]

    /// Replays every vector of ``file`` and returns one result per check.
    public static func run(in directory: VectorDirectory, options: ConformanceOptions) -> [ConformanceResult] {
        var recorder = ConformanceRecorder(suite: name, file: file)
        do {
            let vectorFile = try directory.decode(ShamirVectorFile.self, from: file)
            var dealings = [String: ShamirVector]()
            for vector in vectorFile.vectors where vector.type == "dealing" { dealings[vector.name] = vector }
            for vector in vectorFile.vectors {
                let replay = Replay(vector: vector, dealings: dealings)
                replay.run(into: &recorder)
            }
        } catch {
            recorder.fail("load", error)
        }
        return recorder.results
    }
}

/// The checks for one vector.
private struct Replay {
    let vector: ShamirVector
    let dealings: [String: ShamirVector]

    func run(into recorder: inout ConformanceRecorder) {
        switch vector.type {
        case "dealing": dealing(&recorder)
        case "derive_key": deriveKey(&recorder)
        case "batch_verify": batchVerify(&recorder)
        case "reject": reject(&recorder)
        case "verified_reconstruction", "error_correction": robust(&recorder)
        case "complaint": complaint(&recorder)
        default:
            recorder.fail(vector.name, malformed("type", "unknown type \(vector.type)"))
        }
    }

    private func malformed(_ field: String, _ reason: String) -> ConformanceError {
        ConformanceError.malformedVector(
            file: ShamirConformance.file, vector: vector.name, field: field, reason: reason)
    }

    private func bytes(_ field: String, _ value: String?) throws -> [UInt8] {
        guard let value else { throw malformed(field, "missing") }
        return try hexField(value, file: ShamirConformance.file, vector: vector.name, field: field)
    }

    private func required<T>(_ field: String, _ value: T?) throws -> T {
        guard let value else { throw malformed(field, "missing") }
        return value
    }

    private func scalar(_ field: String, _ value: String?) throws -> Ristretto255.Scalar {
        try Ristretto255.Scalar(canonicalBytes: try bytes(field, value))
    }

    private func referencedDealing() throws -> ShamirVector {
        let name = try required("dealing", vector.dealing)
        guard let dealing = dealings[name] else { throw malformed("dealing", "no dealing vector named \(name)") }
        return dealing
    }

    private func commitments(of dealing: ShamirVector) throws -> FeldmanCommitments {
        try FeldmanCommitments(encoding: try bytes("commitments_encoding", dealing.commitmentsEncoding))
    }

    private func inputShares() throws -> [Share] {
        try required("input_shares", vector.inputShares).map { try Share(encoding: try bytes("input_shares", $0)) }
    }

    private func dealing(_ recorder: inout ConformanceRecorder) {
        let name = vector.name
        recorder.check("\(name)/inputs") {
            let threshold = try required("threshold", vector.threshold)
            let coefficients = try required("coefficients", vector.coefficients)
            guard coefficients.count == threshold else { return false }
            for (degree, coefficient) in coefficients.enumerated() {
                let derived = try ShamirVectorInputs.coefficient(dealing: name, degree: degree)
                guard Hex.encode(derived.bytes) == coefficient else { return false }
            }
            return try ShamirVectorInputs.splitID(dealing: name).bytes == (try bytes("split_id", vector.splitID))
                && ShamirVectorInputs.dealerSeed(dealing: name) == (try bytes("dealer_seed", vector.dealerSeed))
        }
        let built = Result { () throws -> (SharingPolynomial, Dealing, Ed25519.PrivateKey) in
            let polynomial = try SharingPolynomial(
                coefficients: try required("coefficients", vector.coefficients).map { try scalar("coefficients", $0) })
            let splitID = try SplitID(bytes: try bytes("split_id", vector.splitID))
            let dealing = try polynomial.deal(
                shareCount: try required("share_count", vector.shareCount), splitID: splitID)
            let key = try Ed25519.PrivateKey(seed: try bytes("dealer_seed", vector.dealerSeed))
            return (polynomial, dealing, key)
        }
        guard case .success(let (_, dealing, key)) = built else {
            if case .failure(let error) = built { recorder.fail("\(name)/build", error) }
            return
        }
        commitmentChecks(dealing, key, &recorder)
        shareChecks(dealing, &recorder)
        reconstructionChecks(dealing, &recorder)
    }

    private func commitmentChecks(
        _ dealing: Dealing, _ key: Ed25519.PrivateKey, _ recorder: inout ConformanceRecorder
    ) {
        let name = vector.name
        recorder.check("\(name)/commitments") {
            dealing.commitments.points.map { Hex.encode($0.encoding) }
                == (try required("commitments", vector.commitments))
        }
        recorder.check("\(name)/commitments-encoding") {
            dealing.commitments.encoded() == (try bytes("commitments_encoding", vector.commitmentsEncoding))
        }
        recorder.check("\(name)/commitments-decode") {
            try commitments(of: vector) == dealing.commitments
        }
        recorder.check("\(name)/dealer-public-key") {
            key.publicKey.rawRepresentation == (try bytes("dealer_public_key", vector.dealerPublicKey))
        }
        let signed = dealing.signedCommitments(signingWith: key)
        recorder.check("\(name)/signed-message") {
            SignedCommitments.signedMessage(for: dealing.commitments)
                == (try bytes("signed_message", vector.signedMessage))
        }
        recorder.check("\(name)/signature") { signed.signature == (try bytes("signature", vector.signature)) }
        recorder.check("\(name)/signed-commitments-verify") {
            let decoded = try SignedCommitments(
                encoding: try bytes("signed_commitments_encoding", vector.signedCommitmentsEncoding))
            try decoded.verify(
                dealer: try Ed25519.PublicKey(rawRepresentation: try bytes("dealer_public_key", vector.dealerPublicKey))
            )
            return decoded == signed
        }
    }

    private func shareChecks(_ dealing: Dealing, _ recorder: inout ConformanceRecorder) {
        let name = vector.name
        let entries = (try? required("shares", vector.shares)) ?? []
        recorder.check("\(name)/share-count") { entries.count == dealing.shareCount }
        for (share, entry) in zip(dealing.shares, entries) {
            recorder.check("\(name)/share-\(entry.x)") {
                share.x == entry.x && Hex.encode(share.value.bytes) == entry.value
                    && Hex.encode(share.encoded()) == entry.encoding
            }
            recorder.check("\(name)/share-\(entry.x)-decode-verify") {
                let decoded = try Share(encoding: try bytes("shares.encoding", entry.encoding))
                try dealing.commitments.verify(decoded)
                return decoded == share
            }
        }
    }

    private func reconstructionChecks(_ dealing: Dealing, _ recorder: inout ConformanceRecorder) {
        let name = vector.name
        for entry in (try? required("reconstructions", vector.reconstructions)) ?? [] {
            let label = entry.holders.map(String.init).joined(separator: ",")
            recorder.check("\(name)/lagrange-\(label)") {
                let coefficients = try LagrangeCoefficients(
                    holders: entry.holders, threshold: try required("threshold", vector.threshold))
                return coefficients.coefficients.map { Hex.encode($0.bytes) } == entry.lagrange
            }
            recorder.check("\(name)/reconstruct-\(label)") {
                let shares = try entry.holders.map { x in
                    guard let share = dealing.shares.first(where: { $0.x == x }) else {
                        throw malformed("reconstructions.holders", "no share \(x)")
                    }
                    return share
                }
                let secret = try Shamir.reconstruct(shares, threshold: try required("threshold", vector.threshold))
                return Hex.encode(secret.bytes) == entry.secret && entry.secret == vector.coefficients?.first
            }
        }
    }

    private func deriveKey(_ recorder: inout ConformanceRecorder) {
        recorder.check(vector.name) {
            let dealing = try referencedDealing()
            let secret = try scalar("secret", vector.secret)
            guard Hex.encode(secret.bytes) == dealing.coefficients?.first else { return false }
            let key = try Shamir.deriveKey(
                fromSecret: secret, salt: try bytes("salt", vector.salt), label: try required("label", vector.label),
                context: try required("context", vector.context).map { try bytes("context", $0) })
            return key.unprotectedCopy() == (try bytes("key", vector.key))
        }
    }

    private func batchVerify(_ recorder: inout ConformanceRecorder) {
        recorder.check(vector.name) {
            let commitments = try commitments(of: try referencedDealing())
            let shares = try inputShares()
            let weights = try required("weights", vector.weights).map { try scalar("weights", $0) }
            guard weights.count == shares.count else { throw malformed("weights", "one weight for each share") }
            let sides = commitments.batchEquationSides(shares, weights: weights)
            let expectedLeft = try bytes("left", vector.left)
            let expectedRight = try bytes("right", vector.right)
            let expectedValid = try required("valid", vector.valid)
            return sides.left.encoding == expectedLeft && sides.right.encoding == expectedRight
                && (sides.left == sides.right) == expectedValid
        }
    }

    private func expectError(_ name: String, _ recorder: inout ConformanceRecorder, _ body: () throws -> Void) {
        recorder.check(name) {
            let expected = try required("error", vector.error)
            do {
                try body()
                return false
            } catch let error as ShamirError {
                return shamirErrorCode(error) == expected
            }
        }
    }

    private func reject(_ recorder: inout ConformanceRecorder) {
        let operation = (try? required("operation", vector.operation)) ?? ""
        expectError(vector.name, &recorder) {
            switch operation {
            case "reconstruct":
                _ = try Shamir.reconstruct(try inputShares(), threshold: try required("threshold", vector.threshold))
            case "decode_share":
                _ = try Share(encoding: try bytes("encoding", vector.encoding))
            case "decode_commitments":
                _ = try FeldmanCommitments(encoding: try bytes("encoding", vector.encoding))
            case "split":
                _ = try Shamir.split(
                    secret: .one, threshold: try required("threshold", vector.threshold),
                    shareCount: try required("share_count", vector.shareCount),
                    splitID: try SplitID(bytes: [UInt8](repeating: 0, count: SplitID.byteCount)))
            case "verify_share":
                let commitments = try commitments(of: try referencedDealing())
                for share in try inputShares() { try commitments.verify(share) }
            default:
                throw malformed("operation", "unknown operation \(operation)")
            }
        }
    }

    private func robust(_ recorder: inout ConformanceRecorder) {
        let run = { () throws -> RobustReconstruction in
            let shares = try inputShares()
            let threshold = try required("threshold", vector.threshold)
            if vector.type == "verified_reconstruction" {
                var random = SeededRandom(seed: 1)
                let commitments = try commitments(of: try referencedDealing())
                return try Shamir.reconstructVerified(
                    shares, commitments: commitments, threshold: threshold, using: &random)
            }
            return try Shamir.reconstructCorrectingErrors(shares, threshold: threshold)
        }
        if vector.error != nil {
            expectError(vector.name, &recorder) { _ = try run() }
            return
        }
        recorder.check(vector.name) {
            let result = try run()
            let expectedRejected = try required("rejected_holders", vector.rejectedHolders)
            return Hex.encode(result.secret.bytes) == vector.secret && result.rejectedHolders == expectedRejected
        }
    }

    private func complaint(_ recorder: inout ConformanceRecorder) {
        let check = { () throws -> Void in
            let encoding = try bytes("encoding", vector.encoding)
            let complaint = try ShareComplaint(encoding: encoding)
            guard complaint.encoded() == encoding else { throw malformed("encoding", "does not re-encode") }
            try complaint.verify()
        }
        guard let valid = vector.valid else {
            recorder.fail(vector.name, malformed("valid", "missing"))
            return
        }
        if valid {
            recorder.check(vector.name) {
                try check()
                return true
            }
        } else {
            expectError(vector.name, &recorder, check)
        }
    }
}
