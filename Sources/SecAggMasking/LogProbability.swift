import Foundation

/// Exact binomial and hypergeometric tail probabilities, computed term by term in natural-log space so that
/// probabilities far below 2^-1000 neither underflow nor lose precision.
///
/// Each term uses `lgamma` for the binomial coefficients; the tails are sums of every term, not Chernoff-style
/// bounds.
enum LogProbability {
    /// ln 0.
    static let logZero = -Double.infinity

    /// Returns ln C(n, k), or ln 0 when `k` is outside `0...n`.
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0 && k <= n else { return logZero }
        if k == 0 || k == n { return 0 }
        return lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }

    /// Returns ln(e^a + e^b) without overflow.
    static func logAdd(_ a: Double, _ b: Double) -> Double {
        if a == logZero { return b }
        if b == logZero { return a }
        let larger = max(a, b)
        return larger + log1p(exp(min(a, b) - larger))
    }

    /// Returns ln(p^count), with 0^0 = 1.
    static func logPower(_ p: Double, _ count: Int) -> Double {
        if count == 0 { return 0 }
        return p == 0 ? logZero : Double(count) * log(p)
    }

    /// Returns `tails` with `tails[x] = ln P[X ≥ x]` for X ~ Binomial(`trials`, `probability`), for every x in
    /// `0...trials + 1` (the last is ln 0).
    static func binomialUpperTails(trials: Int, probability: Double) -> [Double] {
        var tails = [Double](repeating: logZero, count: trials + 2)
        for x in stride(from: trials, through: 0, by: -1) {
            let term =
                logChoose(trials, x) + logPower(probability, x) + logPower(1 - probability, trials - x)
            tails[x] = logAdd(tails[x + 1], term)
        }
        return tails
    }

    /// Returns ln P[Y = i] for Y ~ Hypergeometric: `draws` items drawn without replacement from `population`
    /// items of which `successes` are marked, Y the marked items drawn.
    static func hypergeometricTerm(population: Int, successes: Int, draws: Int, _ i: Int) -> Double {
        logChoose(successes, i) + logChoose(population - successes, draws - i) - logChoose(population, draws)
    }

    /// Returns `tails` with `tails[x] = ln P[Y ≥ x]` for Y ~ Hypergeometric(`population`, `successes`,
    /// `draws`), for every x in `0...draws + 1`.
    static func hypergeometricUpperTails(population: Int, successes: Int, draws: Int) -> [Double] {
        var tails = [Double](repeating: logZero, count: draws + 2)
        for x in stride(from: draws, through: 0, by: -1) {
            let term = hypergeometricTerm(population: population, successes: successes, draws: draws, x)
            tails[x] = logAdd(tails[x + 1], term)
        }
        return tails
    }
}
