extension Ristretto255.PublicPoint {
    /// Returns `multiplier · self` by double-and-add over the non-adjacent form of the multiplier.
    ///
    /// A multiplier of `b` bits costs `b − 1` doublings and about `b/3` additions, where libsodium's constant-time
    /// multiplication always processes a full-length scalar.
    /// - Warning: Variable-time in the point and the multiplier, which must both be public.
    package func multiplied(by multiplier: UInt32) -> Ristretto255.PublicPoint {
        Self.multiplied(self, nonAdjacentForm: Ristretto255.PublicScalar(UInt64(multiplier)).nonAdjacentForm(width: 2))
    }

    /// Returns `scalar · self` by double-and-add over the width-5 non-adjacent form of the scalar.
    ///
    /// - Warning: Variable-time in the point and the scalar, which must both be public.
    package func multiplied(by scalar: Ristretto255.PublicScalar) -> Ristretto255.PublicPoint {
        Self.strausMultiscalarMultiplication([scalar], [self])
    }

    /// Computes `Σ_j x^j · coefficients[j]` by Horner's rule, `((C_{t−1}·x + C_{t−2})·x + …)·x + C_0`.
    ///
    /// This is the right side of Feldman verification for the share at index `x`. Each step is one small
    /// multiplication and one addition, so `t` coefficients at an index of `b` bits cost about `t·(b − 1)` doublings
    /// and `t·(b/3 + 1)` additions.
    /// - Warning: Variable-time in the coefficients and in `x`, which must all be public.
    package static func evaluatePolynomial(_ coefficients: [Ristretto255.PublicPoint], at x: UInt32)
        -> Ristretto255.PublicPoint
    {
        guard var result = coefficients.last else { return .identity }
        let digits = Ristretto255.PublicScalar(UInt64(x)).nonAdjacentForm(width: 2)
        for index in stride(from: coefficients.count - 2, through: 0, by: -1) {
            result = (multiplied(result, nonAdjacentForm: digits) + coefficients[index].cached).extended
        }
        return result
    }

    /// Computes `Σ_i scalars[i] · points[i]`, with Straus's method for fewer than ``pippengerMinimumCount`` points
    /// and Pippenger's from that count on.
    ///
    /// - Warning: Variable-time in every scalar and point, which must all be public.
    package static func multiscalarMultiplication(
        _ scalars: [Ristretto255.PublicScalar], _ points: [Ristretto255.PublicPoint]
    ) -> Ristretto255.PublicPoint {
        if points.count < pippengerMinimumCount {
            return strausMultiscalarMultiplication(scalars, points)
        }
        return pippengerMultiscalarMultiplication(scalars, points)
    }

    /// The number of points from which ``multiscalarMultiplication(_:_:)`` uses Pippenger's method.
    ///
    /// Both methods give the same result, so this only affects speed. By operation counts, Straus's method costs
    /// about 50 additions per point with width-5 digits, and Pippenger's about `(253/c + 1)·(1 + 2^c/n)` with
    /// `c`-bit windows. In `secagg-bench` (`shamir.point-operations`) on a 2-core x86-64 Xeon, Straus's method was
    /// faster at 128 points and Pippenger's at 256, so the switch sits between them. The exact crossover is an
    /// estimate.
    package static let pippengerMinimumCount = 160

    /// Computes `Σ_i scalars[i] · points[i]` with Straus's method: one shared chain of doublings, and for each
    /// point a table of its odd multiples `P, 3P, …, 15P` indexed by width-5 non-adjacent-form digits.
    ///
    /// - Warning: Variable-time in every scalar and point, which must all be public.
    package static func strausMultiscalarMultiplication(
        _ scalars: [Ristretto255.PublicScalar], _ points: [Ristretto255.PublicPoint]
    ) -> Ristretto255.PublicPoint {
        precondition(scalars.count == points.count, "one scalar for each point")
        let width = 5
        var tables = [[Cached]]()
        var digitRows = [[Int8]]()
        for (scalar, point) in zip(scalars, points) where !scalar.isZero {
            tables.append(oddMultiples(of: point, count: 1 << (width - 2)))
            digitRows.append(scalar.nonAdjacentForm(width: width))
        }
        let length = digitRows.map(\.count).max() ?? 0
        var accumulator = Completed.identity
        for position in stride(from: length - 1, through: 0, by: -1) {
            accumulator = accumulator.projective.doubled()
            for row in digitRows.indices where position < digitRows[row].count {
                let digit = digitRows[row][position]
                if digit > 0 {
                    accumulator = accumulator.extended + tables[row][Int(digit) / 2]
                } else if digit < 0 {
                    accumulator = accumulator.extended + tables[row][Int(-digit) / 2].negated
                }
            }
        }
        return accumulator.extended
    }

    /// Computes `Σ_i scalars[i] · points[i]` with Pippenger's bucket method over signed `c`-bit windows.
    ///
    /// For each window from the top, every point goes into the bucket of its digit's absolute value (negated for
    /// a negative digit), and the running sums `Σ_b b · bucket_b` cost two additions per bucket.
    /// - Warning: Variable-time in every scalar and point, which must all be public.
    package static func pippengerMultiscalarMultiplication(
        _ scalars: [Ristretto255.PublicScalar], _ points: [Ristretto255.PublicPoint]
    ) -> Ristretto255.PublicPoint {
        precondition(scalars.count == points.count, "one scalar for each point")
        guard !points.isEmpty else { return .identity }
        // Window width about log2(n) − 2, which balances n additions per window against 2^c for the bucket sums.
        let windowBits = max(4, min(16, Int.bitWidth - points.count.leadingZeroBitCount - 2))
        let addends = points.map(\.cached)
        let digitRows = scalars.map { $0.signedRadixDigits(windowBits: windowBits) }
        let windowCount = digitRows[0].count
        let bucketCount = 1 << (windowBits - 1)
        var result = Ristretto255.PublicPoint.identity
        for window in stride(from: windowCount - 1, through: 0, by: -1) {
            var shifted = result.projective.doubled()
            for _ in 1..<windowBits { shifted = shifted.projective.doubled() }
            result = shifted.extended
            var buckets = [Ristretto255.PublicPoint](repeating: .identity, count: bucketCount)
            var isEmpty = [Bool](repeating: true, count: bucketCount)
            for (row, addend) in zip(digitRows, addends) {
                let digit = row[window]
                guard digit != 0 else { continue }
                let bucket = Int(digit.magnitude) - 1
                buckets[bucket] = (buckets[bucket] + (digit > 0 ? addend : addend.negated)).extended
                isEmpty[bucket] = false
            }
            // running = Σ_{b ≥ k} bucket_b after step k, and total adds every running sum, so bucket b counts b times.
            var running = Ristretto255.PublicPoint.identity
            var total = Ristretto255.PublicPoint.identity
            for bucket in stride(from: bucketCount - 1, through: 0, by: -1) {
                if !isEmpty[bucket] { running = (running + buckets[bucket].cached).extended }
                total = (total + running.cached).extended
            }
            result = (result + total.cached).extended
        }
        return result
    }

    /// Returns `[P, 3P, 5P, …]`, `count` odd multiples of `point`, as addends.
    private static func oddMultiples(of point: Ristretto255.PublicPoint, count: Int) -> [Cached] {
        let double = point.doubled().cached
        var current = point
        var table = [point.cached]
        table.reserveCapacity(count)
        for _ in 1..<count {
            current = (current + double).extended
            table.append(current.cached)
        }
        return table
    }

    /// Returns `k · point` for the width-2 non-adjacent form `digits` of `k`, least significant digit first.
    private static func multiplied(_ point: Ristretto255.PublicPoint, nonAdjacentForm digits: [Int8])
        -> Ristretto255.PublicPoint
    {
        guard digits.count > 1 else { return digits.isEmpty ? .identity : point }
        // The most significant digit of a non-adjacent form is 1, so the chain starts at the point itself.
        let addend = point.cached
        let negatedAddend = addend.negated
        var accumulator = point.projective.doubled()
        var position = digits.count - 2
        while true {
            let digit = digits[position]
            if digit > 0 {
                accumulator = accumulator.extended + addend
            } else if digit < 0 {
                accumulator = accumulator.extended + negatedAddend
            }
            guard position > 0 else { break }
            position -= 1
            accumulator = accumulator.projective.doubled()
        }
        return accumulator.extended
    }
}
