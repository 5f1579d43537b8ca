/// The search that batch verification uses to name failing shares: a set whose combined check passes is clean,
/// a failing set is halved, and a single share is decided by its exact check.
enum InvalidShareSearch {
    /// Returns the positions in `0 ..< count` whose exact check fails, in ascending order.
    ///
    /// A set is split only after its combined check fails, and the second half of a failing set whose first half
    /// passed skips its own combined check, since it must contain a failing share.
    /// - Parameters:
    ///   - count: the number of positions.
    ///   - batchHolds: the combined check of a range of positions, with fresh weights on every call.
    ///   - isValid: the exact check of one position.
    static func locate(count: Int, batchHolds: (Range<Int>) -> Bool, isValid: (Int) -> Bool) -> [Int] {
        search(0..<count, knownToFail: false, batchHolds: batchHolds, isValid: isValid)
    }

    private static func search(
        _ range: Range<Int>, knownToFail: Bool, batchHolds: (Range<Int>) -> Bool, isValid: (Int) -> Bool
    ) -> [Int] {
        guard let first = range.first else { return [] }
        if range.count == 1 { return isValid(first) ? [] : [first] }
        if !knownToFail && batchHolds(range) { return [] }
        let middle = range.lowerBound + range.count / 2
        let lower = search(range.lowerBound..<middle, knownToFail: false, batchHolds: batchHolds, isValid: isValid)
        let upper = search(
            middle..<range.upperBound, knownToFail: lower.isEmpty, batchHolds: batchHolds, isValid: isValid)
        return lower + upper
    }
}
