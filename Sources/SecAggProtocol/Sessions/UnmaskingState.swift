import SecAggMasking
import SecAggPrimitives
import SecAggShamir

/// The round state that unmasking needs, gathered by the aggregator as the round runs or by an auditor from a
/// transcript. Both rebuild the secrets and the mask terms with the same code.
struct UnmaskingState {
    let configuration: RoundConfiguration
    let sessionID: [UInt8]
    let graph: MaskingGraph
    let advertisements: [UInt32: AdvertiseKeys]
    /// Each sharer's accepted `ShareKeys` payload and the signed message it came in.
    let shareKeys: [UInt32: (payload: ShareKeys, message: [UInt8])]
    /// The providers whose shares were forwarded (U2).
    let sharers: [UInt32]
    /// The providers whose masked inputs are in the sum (U3).
    let survivors: [UInt32]

    /// Returns the providers whose shares enough neighbours hold (U2), ascending, and those left out.
    ///
    /// A provider whose shares fewer than t sharing neighbours hold could never be unmasked, so it is left out
    /// before anyone masks with it. Leaving one out can leave its neighbours short, so the check repeats until
    /// nothing changes.
    static func eligibleSharers(graph: MaskingGraph, shared: Set<UInt32>, threshold: Int) -> (
        members: [UInt32], excluded: [UInt32]
    ) {
        var members = shared
        var excluded = [UInt32]()
        var changed = true
        while changed {
            changed = false
            for provider in members.sorted() {
                let holders = (try? graph.neighbours(of: provider))?.filter { members.contains($0) }.count ?? 0
                if holders < threshold {
                    members.remove(provider)
                    excluded.append(provider)
                    changed = true
                }
            }
        }
        return (members.sorted(), excluded.sorted())
    }

    /// What rebuilding the secrets produced.
    struct Outcome {
        var terms: [MaskTerm] = []
        var blames: [Blame] = []
        var failure: AbortReason?
    }

    /// The secret the sum needs from `dealer`, or nil when it needs none: the self-mask seed of a survivor, or the
    /// mask-agreement scalar of a sharer that is not a survivor but is the neighbour of one.
    func neededSecret(of dealer: UInt32, survivorSet: Set<UInt32>) -> SecretKind? {
        if survivorSet.contains(dealer) { return .selfMaskSeed }
        guard let neighbours = try? graph.neighbours(of: dealer) else { return nil }
        return neighbours.contains(where: { survivorSet.contains($0) }) ? .maskAgreementKey : nil
    }

    /// Returns the first needed secret whose dealer has fewer than t holders among `respondents`, the providers
    /// that may still reveal shares, or nil when every needed secret can still be rebuilt.
    func holderShortfall(respondents: Set<UInt32>, phase: RoundPhase) -> AbortReason? {
        let survivorSet = Set(survivors)
        for dealer in sharers {
            guard let kind = neededSecret(of: dealer, survivorSet: survivorSet),
                let neighbours = try? graph.neighbours(of: dealer)
            else { continue }
            let holders = neighbours.filter { respondents.contains($0) }.count
            if holders < configuration.threshold {
                return .tooFewHolders(
                    phase: phase, provider: dealer, kind: kind, holders: holders, threshold: configuration.threshold)
            }
        }
        return nil
    }

    /// Rebuilds every needed secret from the revealed shares, checking them against the dealers' commitments,
    /// and returns the terms that remove the remaining masks from the sum of the survivors' masked inputs: each
    /// survivor's self mask, and the pairwise masks between survivors and sharers that are not survivors.
    ///
    /// - Parameter responses: each responder's unmask response and the signed message it came in.
    func maskTerms(
        responses: [(responder: UInt32, response: UnmaskResponse, message: [UInt8])],
        using source: inout some RandomSource
    ) -> Outcome {
        var outcome = Outcome()
        do {
            let context = try configuration.maskContext(sessionID: sessionID)
            let survivorSet = Set(survivors)
            for dealer in sharers {
                guard let kind = neededSecret(of: dealer, survivorSet: survivorSet), let dealt = shareKeys[dealer]
                else {
                    continue
                }
                guard
                    let scalar = rebuild(
                        dealer: dealer, kind: kind, dealt: dealt, responses: responses, source: &source,
                        outcome: &outcome)
                else { return outcome }
                switch kind {
                case .selfMaskSeed:
                    let seed = try ProtocolDerivation.selfMaskSeed(
                        from: scalar, taskID: configuration.taskID, round: configuration.round, sessionID: sessionID,
                        provider: dealer)
                    let key = try MaskKey.selfMask(seed: seed, provider: dealer, context: context)
                    outcome.terms.append(try MaskTerm.removal(of: key, appliedBy: dealer))
                case .maskAgreementKey:
                    let privateKey = try ProtocolDerivation.maskAgreementKey(
                        from: scalar, taskID: configuration.taskID, round: configuration.round, provider: dealer)
                    guard let advertised = advertisements[dealer], privateKey.publicKey == advertised.maskKey else {
                        outcome.blames.append(
                            Blame(
                                accused: dealer, offence: .inconsistentMaskKey,
                                evidence: [dealt.message] + responses.map(\.message)))
                        outcome.failure = .inconsistentMaskKey(provider: dealer)
                        return outcome
                    }
                    for survivor in try graph.neighbours(of: dealer) where survivorSet.contains(survivor) {
                        guard let peer = advertisements[survivor] else { continue }
                        let key = try MaskKey.pairwise(
                            sharedSecret: privateKey.sharedSecret(with: peer.maskKey), between: dealer, and: survivor,
                            context: context)
                        outcome.terms.append(try MaskTerm.removal(of: key, appliedBy: survivor))
                    }
                }
            }
        } catch {
            outcome.failure = .aggregatorMisbehaved(reason: "cannot remove the masks: \(error)")
        }
        return outcome
    }

    private func rebuild(
        dealer: UInt32, kind: SecretKind, dealt: (payload: ShareKeys, message: [UInt8]),
        responses: [(responder: UInt32, response: UnmaskResponse, message: [UInt8])],
        source: inout some RandomSource, outcome: inout Outcome
    ) -> Ristretto255.Scalar? {
        var shares = [Share]()
        var holders = [UInt32: (responder: UInt32, message: [UInt8])]()
        for (responder, response, message) in responses {
            guard let entry = response.shares.first(where: { $0.dealer == dealer && $0.kind == kind }) else {
                continue
            }
            shares.append(entry.share)
            holders[entry.share.x] = (responder, message)
        }
        let commitments = kind == .selfMaskSeed ? dealt.payload.selfSeedCommitments : dealt.payload.maskKeyCommitments
        func blameHolders(_ rejected: [UInt32]) {
            for x in rejected {
                guard let holder = holders[x] else { continue }
                outcome.blames.append(
                    Blame(
                        accused: holder.responder, offence: .bogusRevealedShare(dealer: dealer, kind: kind),
                        evidence: [holder.message, dealt.message]))
            }
        }
        guard shares.count >= configuration.threshold else {
            outcome.failure = .tooFewShares(
                provider: dealer, kind: kind, received: shares.count, threshold: configuration.threshold)
            return nil
        }
        do {
            let rebuilt = try Shamir.reconstructVerified(
                shares, commitments: commitments.commitments, threshold: configuration.threshold, using: &source)
            blameHolders(rebuilt.rejectedHolders)
            return rebuilt.secret
        } catch ShamirError.insufficientValidShares(_, let valid, let rejected) {
            blameHolders(rejected)
            outcome.failure = .tooFewShares(
                provider: dealer, kind: kind, received: valid, threshold: configuration.threshold)
        } catch {
            outcome.failure = .tooFewShares(
                provider: dealer, kind: kind, received: 0, threshold: configuration.threshold)
        }
        return nil
    }
}
