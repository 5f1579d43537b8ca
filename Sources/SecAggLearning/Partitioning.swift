/// A rule for spreading samples across providers in ``Dataset/partition(providers:scheme:minimumPerProvider:rng:)``.
public enum PartitionScheme: Sendable, Equatable, Codable {
    /// Independent and identically distributed: each class is shuffled and dealt round-robin, so every provider
    /// gets `n / N` samples (rounded down or up) with nearly the dataset's class proportions.
    case iid
    /// Label-skewed: for each class, the shares of the providers are drawn from a symmetric Dirichlet(alpha)
    /// distribution. Small alpha (0.1) gives each provider few classes, large alpha (100) approaches IID.
    case dirichlet(alpha: Double)
    /// Label-skewed shards: samples sorted by label are cut into `providers * perProvider` contiguous shards of
    /// nearly equal size, and each provider gets `perProvider` shards chosen at random, so it holds about
    /// `perProvider` classes.
    case shards(perProvider: Int)
}

extension Dataset {
    /// Partitions the samples across providers, each sample going to exactly one provider.
    ///
    /// After the scheme has placed the samples, every provider below `minimumPerProvider` is topped up one sample
    /// at a time. Each sample comes from the provider that has the most samples (lowest provider index on ties), out
    /// of that provider's largest class (lowest class index on ties). This keeps the skew of the label-skewed
    /// schemes while guaranteeing the minimum. Each provider's samples come back in random order, with the class
    /// count and names of this dataset.
    ///
    /// - Parameters:
    ///   - providers: The number of providers, at least 1.
    ///   - scheme: How to spread the samples.
    ///   - minimumPerProvider: The fewest samples any provider may get, at least 1.
    ///   - rng: The source of randomness; a seeded generator makes the partition repeatable.
    /// - Returns: One dataset per provider.
    /// - Throws: ``DataError/invalidCount(name:value:minimum:)`` for fewer than one provider, a minimum below 1 or
    ///   fewer than one shard per provider, ``DataError/invalidParameter(name:value:requirement:)`` for an alpha
    ///   that is not positive and finite, and ``DataError/tooFewSamples(samples:providers:minimumPerProvider:)``
    ///   when the samples cannot cover the minimum, or the shards, of every provider.
    public func partition(
        providers: Int, scheme: PartitionScheme, minimumPerProvider: Int = 1, rng: inout some RandomNumberGenerator
    ) throws(DataError) -> [Dataset] {
        guard providers >= 1 else {
            throw .invalidCount(name: "provider count", value: providers, minimum: 1)
        }
        guard minimumPerProvider >= 1 else {
            throw .invalidCount(name: "minimum samples per provider", value: minimumPerProvider, minimum: 1)
        }
        let (needed, overflow) = providers.multipliedReportingOverflow(by: minimumPerProvider)
        guard !overflow, needed <= sampleCount else {
            throw .tooFewSamples(samples: sampleCount, providers: providers, minimumPerProvider: minimumPerProvider)
        }

        // buckets[provider][class] lists the sample indices that the provider holds.
        var buckets: [[[Int]]]
        switch scheme {
        case .iid:
            buckets = dealRoundRobin(providers: providers, rng: &rng)
        case .dirichlet(let alpha):
            guard alpha > 0, alpha.isFinite else {
                throw .invalidParameter(name: "Dirichlet alpha", value: alpha, requirement: "positive and finite")
            }
            buckets = try splitByDirichlet(providers: providers, alpha: alpha, rng: &rng)
        case .shards(let perProvider):
            guard perProvider >= 1 else {
                throw .invalidCount(name: "shards per provider", value: perProvider, minimum: 1)
            }
            let (shardCount, shardOverflow) = providers.multipliedReportingOverflow(by: perProvider)
            guard !shardOverflow, shardCount <= sampleCount else {
                throw .tooFewSamples(samples: sampleCount, providers: providers, minimumPerProvider: perProvider)
            }
            buckets = splitIntoShards(providers: providers, perProvider: perProvider, rng: &rng)
        }

        topUp(&buckets, minimum: minimumPerProvider)
        return buckets.map { classes in
            var indices = classes.flatMap { $0 }
            RandomDistributions.shuffle(&indices, rng: &rng)
            return subset(indices)
        }
    }

    private func emptyBuckets(providers: Int) -> [[[Int]]] {
        [[[Int]]](repeating: [[Int]](repeating: [], count: classCount), count: providers)
    }

    private func dealRoundRobin(providers: Int, rng: inout some RandomNumberGenerator) -> [[[Int]]] {
        var buckets = emptyBuckets(providers: providers)
        var next = 0
        for (label, var members) in indicesByClass().enumerated() {
            RandomDistributions.shuffle(&members, rng: &rng)
            for index in members {
                buckets[next][label].append(index)
                next = (next + 1) % providers
            }
        }
        return buckets
    }

    private func splitByDirichlet(
        providers: Int, alpha: Double, rng: inout some RandomNumberGenerator
    ) throws(DataError) -> [[[Int]]] {
        var buckets = emptyBuckets(providers: providers)
        let concentrations = [Double](repeating: alpha, count: providers)
        for (label, var members) in indicesByClass().enumerated() where !members.isEmpty {
            RandomDistributions.shuffle(&members, rng: &rng)
            let shares = try RandomDistributions.dirichlet(concentrations: concentrations, rng: &rng)
            // Cut at rounded cumulative shares, so the counts add up to the class size exactly.
            var cumulative = 0.0
            var start = 0
            for provider in 0..<providers {
                cumulative += shares[provider]
                let end =
                    provider == providers - 1
                    ? members.count
                    : Swift.min(members.count, Int((cumulative * Double(members.count)).rounded()))
                if end > start {
                    buckets[provider][label].append(contentsOf: members[start..<end])
                    start = end
                }
            }
        }
        return buckets
    }

    private func splitIntoShards(
        providers: Int, perProvider: Int, rng: inout some RandomNumberGenerator
    ) -> [[[Int]]] {
        var sorted = [Int]()
        sorted.reserveCapacity(sampleCount)
        for var members in indicesByClass() {
            RandomDistributions.shuffle(&members, rng: &rng)
            sorted.append(contentsOf: members)
        }
        let shardCount = providers * perProvider
        var order = Array(0..<shardCount)
        RandomDistributions.shuffle(&order, rng: &rng)
        var buckets = emptyBuckets(providers: providers)
        for (position, shard) in order.enumerated() {
            let provider = position / perProvider
            // Shard `shard` covers [shard * n / shardCount, (shard + 1) * n / shardCount).
            let start = shard * sampleCount / shardCount
            let end = (shard + 1) * sampleCount / shardCount
            for index in sorted[start..<end] {
                buckets[provider][labels[index]].append(index)
            }
        }
        return buckets
    }

    /// Moves samples from the largest providers to those below `minimum`; the caller has checked that the
    /// samples cover every provider's minimum.
    private func topUp(_ buckets: inout [[[Int]]], minimum: Int) {
        var sizes = buckets.map { $0.reduce(0) { $0 + $1.count } }
        for receiver in sizes.indices {
            while sizes[receiver] < minimum {
                var donor = 0
                for provider in sizes.indices where sizes[provider] > sizes[donor] {
                    donor = provider
                }
                var donorClass = 0
                for label in buckets[donor].indices where buckets[donor][label].count > buckets[donor][donorClass].count
                {
                    donorClass = label
                }
                guard let moved = buckets[donor][donorClass].popLast() else {
                    preconditionFailure("the largest provider holds no sample although the samples cover the minimum")
                }
                buckets[receiver][labels[moved]].append(moved)
                sizes[donor] -= 1
                sizes[receiver] += 1
            }
        }
    }
}
