import Foundation
import SecAggBigInt
import SecAggLearning
import SecAggMasking
import SecAggPaillier
import SecAggPrimitives

/// The Paillier keys of a task: the public key, the threshold parameters and each key holder's share.
///
/// A trusted dealer (the task creator) generates the key with safe primes, deals `w` shares of which any `t`
/// decrypt, and discards the private key, so only aggregates are ever decrypted.
public struct PaillierKeyMaterial: Sendable {
    public let publicKey: PaillierPublicKey
    public let parameters: PaillierThresholdParameters
    public let shares: [PaillierKeyShare]

    /// Generates a key of `bitWidth` bits with safe primes and deals it to `holders` key holders, any `threshold`
    /// of whom decrypt. Safe primes make this take seconds at 2048 bits.
    ///
    /// - Throws: ``FederatedError/invalidField(field:reason:)`` naming `paillierKeyBits` or `keyHolderThreshold`.
    public static func deal(
        bitWidth: Int, holders: Int, threshold: Int, using source: inout some RandomSource
    ) throws -> PaillierKeyMaterial {
        let privateKey: PaillierPrivateKey
        do {
            privateKey = try PaillierPrivateKey.generate(
                bitWidth: bitWidth, safePrimes: true, policy: .production, using: &source)
        } catch {
            throw FederatedError.invalidField(field: "paillierKeyBits", reason: "\(error)")
        }
        do {
            let (parameters, shares) = try PaillierThresholdDealer.deal(
                privateKey: privateKey, threshold: threshold, holderCount: holders, using: &source)
            return PaillierKeyMaterial(publicKey: privateKey.publicKey, parameters: parameters, shares: shares)
        } catch {
            throw FederatedError.invalidField(field: "keyHolderThreshold", reason: "\(error)")
        }
    }
}

/// The task's keys with the packing layout and encryptor every provider uses.
struct PaillierTaskKeys {
    let publicKey: PaillierPublicKey
    let parameters: PaillierThresholdParameters
    let shares: [PaillierKeyShare]
    let layout: PaillierPackingLayout
    let encryptor: PaillierVectorEncryptor
}

/// A provider's signed Paillier submission for one round.
///
/// Signed bytes: `"secagg/v1/paillier-submission"`, task id (32), round (8), provider (4), declared weight (8)
/// and the encrypted vector's wire encoding (length-prefixed, `Specs/paillier.md`).
struct PaillierSubmission {
    static let domain = Array("secagg/v1/paillier-submission".utf8)

    let provider: UInt32
    let round: UInt64
    let declaredWeight: UInt64
    let vector: [UInt8]
    let signature: [UInt8]

    static func signedBytes(
        taskID: [UInt8], round: UInt64, provider: UInt32, declaredWeight: UInt64, vector: [UInt8]
    ) -> [UInt8] {
        var bytes = domain + taskID
        bytes += withUnsafeBytes(of: round.bigEndian) { Array($0) }
        bytes += withUnsafeBytes(of: provider.bigEndian) { Array($0) }
        bytes += withUnsafeBytes(of: declaredWeight.bigEndian) { Array($0) }
        bytes += withUnsafeBytes(of: UInt32(vector.count).bigEndian) { Array($0) }
        return bytes + vector
    }

    /// Returns the submission's wire form, the signed bytes followed by the 64-byte signature, as evidence for the
    /// fraud log.
    func encoded(taskID: [UInt8]) -> [UInt8] {
        Self.signedBytes(
            taskID: taskID, round: round, provider: provider, declaredWeight: declaredWeight, vector: vector)
            + signature
    }
}

extension FederatedTraining {
    /// Returns the task's Paillier keys with their layout and encryptor, dealing the keys on first use unless the
    /// caller supplied them.
    func taskPaillierKeys() throws -> PaillierTaskKeys {
        if let paillierKeys { return paillierKeys }
        var source = SeededRandom(seed: mix(seed, 0, 0x5041_4952))
        do {
            let material =
                try suppliedPaillierKeys
                ?? PaillierKeyMaterial.deal(
                    bitWidth: task.paillierKeyBits, holders: task.keyHolders, threshold: task.keyHolderThreshold,
                    using: &source)
            let publicKey = material.publicKey
            let parameters = material.parameters
            let shares = material.shares
            // Each value is w·q with |q| ≤ Q = ⌈c·s⌉ and w ≤ W, and the weight itself is at most W.
            let bound = task.quantization.maximumWeight.multipliedReportingOverflow(by: quantization.coordinateBound)
            guard !bound.overflow else {
                throw FederatedError.invalidField(field: "quantization", reason: "W·c·s does not fit 64 bits")
            }
            let valueBitWidth =
                UInt64.bitWidth - max(bound.partialValue, task.quantization.maximumWeight).leadingZeroBitCount
            let layout = try PaillierPackingLayout(
                valueBitWidth: valueBitWidth, maximumSummands: providers.count, publicKey: publicKey)
            let encryptor = try PaillierVectorEncryptor(
                publicKey: publicKey, layout: layout,
                fastEncryptor: PaillierFastEncryptor(publicKey: publicKey, using: &source))
            let keys = PaillierTaskKeys(
                publicKey: publicKey, parameters: parameters, shares: shares, layout: layout, encryptor: encryptor)
            paillierKeys = keys
            return keys
        } catch let error as FederatedError {
            throw error
        } catch {
            throw FederatedError.invalidField(field: "paillierKeyBits", reason: "\(error)")
        }
    }

    /// Runs the round's secure sum with Paillier encryption.
    ///
    /// Providers encrypt packed quantized updates and sign them, and the aggregator multiplies the valid ones. The
    /// key holders check that the aggregate is the product of the signed submissions before they decrypt it
    /// together, with proofs. The driver then checks the plaintext sum.
    func aggregateWithPaillier(_ plan: RoundPlan, _ contributions: [LocalContribution]) throws -> AggregationOutcome {
        let round = plan.round
        let keys = try taskPaillierKeys()
        let publicKey = keys.publicKey
        var outcome = AggregationOutcome()
        var providerSeconds = [Double]()

        // Providers: quantize to integers, encrypt with packing, sign.
        var plaintexts = [UInt32: [Int64]]()
        var inbox = [(sender: UInt32, submission: PaillierSubmission)]()
        for contribution in contributions {
            let id = contribution.provider.id
            if let phase = plan.dropouts[id], phase <= .maskedInput { continue }
            let frauds = plan.providerFraud[id] ?? []
            let start = DispatchTime.now().uptimeNanoseconds
            var random = contribution.random
            var values = quantizeToIntegers(contribution.update, weight: contribution.weight, random: &random)
            plaintexts[id] = values
            if frauds.contains(.malformedUpdate) { values.removeLast() }
            let vector = try keys.encryptor.encrypt(values, using: &random).wireEncoding(publicKey: publicKey)
            let submission = sign(contribution, round: round, vector: vector)
            providerSeconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            outcome.bytesPerProvider += Double(vector.count + 64)
            if frauds.contains(.forgedMessage) {
                var forged = submission.signature
                forged[0] ^= 0x01
                inbox.append(
                    (
                        id,
                        PaillierSubmission(
                            provider: id, round: round, declaredWeight: submission.declaredWeight, vector: vector,
                            signature: forged)
                    ))
            }
            inbox.append((id, submission))
            if frauds.contains(.duplicateSubmission) {
                let second = try keys.encryptor.encrypt(values, using: &random).wireEncoding(publicKey: publicKey)
                inbox.append((id, sign(contribution, round: round, vector: second)))
            }
            if frauds.contains(.replayedMessage), let old = previousPaillierSubmissions[id] {
                inbox.append((id, old))
            }
            previousPaillierSubmissions[id] = submission
        }
        outcome.bytesPerProvider /= Double(max(providerSeconds.count, 1))
        outcome.providerSeconds = ["encrypt": providerSeconds.reduce(0, +) / Double(max(providerSeconds.count, 1))]

        // Aggregator: verify, decode and check each submission, then multiply the accepted vectors.
        let aggregateStart = DispatchTime.now().uptimeNanoseconds
        var accepted = [UInt32: (submission: PaillierSubmission, vector: PaillierEncryptedVector)]()
        var blamedHere = Set<UInt32>()
        let expectedValues = global.parameters.count + 1
        for (_, submission) in inbox {
            let id = submission.provider
            let signed = PaillierSubmission.signedBytes(
                taskID: task.taskID, round: submission.round, provider: id, declaredWeight: submission.declaredWeight,
                vector: submission.vector)
            let evidence = submission.encoded(taskID: task.taskID)
            guard let provider = plan.members.first(where: { $0.id == id }),
                provider.identityKey.publicKey.isValidSignature(submission.signature, for: signed)
            else {
                record(
                    round: round, detection: "signature does not verify under the sender's identity key",
                    detectedBy: "aggregator", accused: nil,
                    action: "submission rejected; it cannot be attributed, so nobody is blamed", evidence: [evidence])
                continue
            }
            guard submission.round == round else {
                record(
                    round: round, detection: "message replayed from round \(submission.round)",
                    detectedBy: "aggregator",
                    accused: nil, action: "submission rejected; it cannot be attributed, so nobody is blamed",
                    evidence: [evidence])
                continue
            }
            if let first = accepted[id] {
                if first.submission.vector != submission.vector {
                    blamedHere.insert(id)
                    record(
                        round: round, detection: "signed two different submissions", detectedBy: "aggregator",
                        accused: "provider \(id)",
                        action: "provider excluded from the sum, from this round's reward and from later rounds",
                        evidence: [first.submission.encoded(taskID: task.taskID), evidence])
                }
                continue
            }
            if blamedHere.contains(id) { continue }
            guard submission.declaredWeight <= task.quantization.maximumWeight else {
                blamedHere.insert(id)
                record(
                    round: round,
                    detection:
                        "declared weight \(submission.declaredWeight) exceeds the task's bound \(task.quantization.maximumWeight)",
                    detectedBy: "aggregator", accused: "provider \(id)",
                    action: "provider excluded from the sum, from this round's reward and from later rounds",
                    evidence: [evidence])
                continue
            }
            do {
                let vector = try publicKey.encryptedVector(wireEncoding: submission.vector)
                guard vector.valueCount == expectedValues, vector.summandCount == 1, vector.layout == keys.layout else {
                    throw PaillierError.layoutMismatch(
                        reason: "expected \(expectedValues) values in one summand, got \(vector.valueCount)")
                }
                accepted[id] = (submission, vector)
            } catch {
                blamedHere.insert(id)
                record(
                    round: round, detection: "signed a malformed encrypted update: \(error)", detectedBy: "aggregator",
                    accused: "provider \(id)",
                    action: "provider excluded from the sum, from this round's reward and from later rounds",
                    evidence: [evidence])
            }
        }
        for id in blamedHere { accepted[id] = nil }
        outcome.blamed = blamedHere
        let contributors = accepted.keys.sorted()
        outcome.contributors = contributors
        guard contributors.count >= task.minimumProviders else {
            outcome.mean = .failure(
                .noSum("only \(contributors.count) valid submissions, the task needs \(task.minimumProviders)"))
            return outcome
        }
        var aggregate = try publicKey.sum(contributors.compactMap { accepted[$0]?.vector })
        if plan.aggregatorFraud.contains(where: { $0.kind == .aggregatorMisreportsSum }), contributors.count > 1 {
            // The aggregator drops one provider's update from the product but still claims every contributor.
            let partial = try publicKey.sum(contributors.dropFirst().compactMap { accepted[$0]?.vector })
            aggregate = try PaillierEncryptedVector(
                publicKey: publicKey, layout: partial.layout, valueCount: partial.valueCount,
                summandCount: aggregate.summandCount, ciphertexts: partial.ciphertexts)
        }
        let aggregateSeconds = Double(DispatchTime.now().uptimeNanoseconds - aggregateStart) / 1e9

        // Key holders: recompute the aggregate from the signed submissions before decrypting anything.
        let decryptStart = DispatchTime.now().uptimeNanoseconds
        let recomputed = try publicKey.sum(contributors.compactMap { accepted[$0]?.vector })
        guard recomputed.ciphertexts == aggregate.ciphertexts, recomputed.summandCount == aggregate.summandCount else {
            outcome.aggregatorBlamed = true
            outcome.auditPassed = false
            outcome.auditFindings = ["the aggregate is not the product of the signed submissions"]
            record(
                round: round, detection: "the aggregate is not the product of the contributors' signed submissions",
                detectedBy: "key holders", accused: "aggregator",
                action: "key holders refused to decrypt; round rejected", evidence: [])
            outcome.mean = .failure(.noSum("the key holders refused to decrypt a forged aggregate"))
            outcome.aggregatorSeconds = ["aggregate": aggregateSeconds]
            return outcome
        }
        var holderSource = SeededRandom(seed: mix(seed, round, 0x484f_4c44))
        var decryptionShares = [PaillierBatchDecryptionShare]()
        for share in keys.shares {
            var decryptionShare = try share.batchDecryptionShare(
                for: aggregate, parameters: keys.parameters, minimumSummands: task.minimumProviders,
                using: &holderSource)
            if plan.providerFraud[UInt32(share.holder)]?.contains(.badDecryptionShare) == true {
                decryptionShare = try PaillierBatchDecryptionShare(
                    holder: decryptionShare.holder,
                    values: try decryptionShare.values.map { try ($0 * $0).modulo(publicKey.modulusSquared) },
                    challenge: decryptionShare.challenge, response: decryptionShare.response,
                    parameters: keys.parameters)
            }
            decryptionShares.append(decryptionShare)
        }
        let honestShares = decryptionShares.filter { keys.parameters.verify($0, for: aggregate) }
        for cheat in decryptionShares where !keys.parameters.verify(cheat, for: aggregate) {
            record(
                round: round, detection: "key holder \(cheat.holder)'s decryption share fails its proof",
                detectedBy: "combiner", accused: "key holder \(cheat.holder)",
                action: "share discarded; the other holders' shares decrypt", evidence: [])
        }
        let sums: [Int64]
        do {
            sums = try keys.parameters.combineSums(honestShares, for: aggregate)
        } catch {
            outcome.mean = .failure(.noSum("threshold decryption failed: \(error)"))
            return outcome
        }
        let decryptSeconds = Double(DispatchTime.now().uptimeNanoseconds - decryptStart) / 1e9
        outcome.aggregatorSeconds = ["aggregate": aggregateSeconds, "decrypt": decryptSeconds]
        outcome.auditPassed = true

        // The plaintext check.
        var plaintextSum = [Int64](repeating: 0, count: expectedValues)
        for id in contributors {
            guard let values = plaintexts[id] else { continue }
            for index in plaintextSum.indices { plaintextSum[index] += values[index] }
        }
        outcome.secureSumMatchesPlaintext = plaintextSum == sums
        if plaintextSum != sums {
            outcome.aggregatorBlamed = true
            record(
                round: round,
                detection: "the decrypted sum differs from the plaintext sum of the contributors' updates",
                detectedBy: "plaintext check", accused: "aggregator", action: "round rejected", evidence: [])
        }
        guard let totalWeight = sums.last, totalWeight > 0 else {
            outcome.mean = .failure(.undecodable("the total weight is not positive"))
            return outcome
        }
        let denominator = quantization.scale * Double(totalWeight)
        outcome.mean = .success(
            MeanUpdate(values: sums.dropLast().map { Double($0) / denominator }, totalWeight: UInt64(totalWeight)))
        return outcome
    }

    /// Quantizes an update to `w·q_j` with unbiased stochastic rounding, the weight last: the integers the
    /// masking mode would reduce mod R.
    private func quantizeToIntegers(_ update: [Double], weight: UInt64, random: inout SeededRandom) -> [Int64] {
        let clip = quantization.clipBound
        let scale = quantization.scale
        var values = [Int64]()
        values.reserveCapacity(update.count + 1)
        for value in update {
            let clipped = min(max(value, -clip), clip) * scale
            let uniform = Double(random.next() >> 11) * 0x1p-53
            values.append(Int64(weight) * Int64(Quantizer.stochasticallyRounded(clipped, uniform: uniform)))
        }
        values.append(Int64(weight))
        return values
    }

    private func sign(_ contribution: LocalContribution, round: UInt64, vector: [UInt8]) -> PaillierSubmission {
        let id = contribution.provider.id
        let signed = PaillierSubmission.signedBytes(
            taskID: task.taskID, round: round, provider: id, declaredWeight: contribution.declaredWeight,
            vector: vector)
        return PaillierSubmission(
            provider: id, round: round, declaredWeight: contribution.declaredWeight, vector: vector,
            signature: contribution.provider.identityKey.signature(for: signed))
    }
}
