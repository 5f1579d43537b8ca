/// Errors thrown by SecAggRewards: parsing token amounts, defining tokens, and recording reward rounds.
///
/// Parse errors carry the text as given, so a message can quote it back.
public enum RewardError: Error, Equatable, Sendable {
    /// The amount text is empty or only whitespace.
    case emptyAmount(text: String)
    /// The amount text has a number but no token symbol after it.
    case missingSymbol(text: String)
    /// The symbol is not one of the known tokens.
    case unknownSymbol(text: String, symbol: String, known: [String])
    /// The amount has a minus sign, but token amounts are never below zero.
    case negativeAmount(text: String)
    /// The number is not plain decimal digits with an optional fractional part, such as `12` or `0.5`.
    case invalidNumber(text: String)
    /// The number has more fractional digits than the token's decimals.
    case tooManyDecimals(text: String, symbol: String, allowed: Int, actual: Int)
    /// The amount does not fit in 128 bits of base units.
    case amountOverflow(text: String)
    /// A token symbol is empty, longer than 16 characters, or has a character other than A-Z, a-z and 0-9.
    case invalidSymbol(symbol: String)
    /// A token's number of decimals is outside 0...38, the range whose base units fit in 128 bits.
    case invalidDecimals(symbol: String, decimals: Int)
    /// Two amounts of different tokens were combined.
    case tokenMismatch(expected: String, actual: String)
    /// A sum of amounts does not fit in 128 bits of base units.
    case arithmeticOverflow(symbol: String)
    /// The maximum weight of a reward policy is zero, so no provider could be paid.
    case invalidMaximumWeight(weight: UInt64)
    /// A provider appears twice among one round's contributions.
    case duplicateProvider(provider: ProviderID, round: UInt64)
    /// A round number is not greater than the last recorded round.
    case roundOutOfOrder(round: UInt64, lastRecorded: UInt64)
    /// A decoded round or ledger is inconsistent, for example a round's payouts do not add up to its reward.
    case inconsistentRecord(reason: String)
}

extension RewardError: CustomStringConvertible {
    /// A message that quotes the failing value and states what to do next.
    public var description: String {
        switch self {
        case .emptyAmount(let text):
            return "invalid amount \"\(text)\": it is empty; write a number and a symbol, for example \"1.5 GLIN\""
        case .missingSymbol(let text):
            return "invalid amount \"\(text)\": the token symbol is missing; add it after a space, as in \"1.5 GLIN\""
        case .unknownSymbol(let text, let symbol, let known):
            return
                "invalid amount \"\(text)\": unknown token symbol \"\(symbol)\"; use one of: "
                + known.joined(separator: ", ")
        case .negativeAmount(let text):
            return "invalid amount \"\(text)\": amounts cannot be negative; remove the minus sign"
        case .invalidNumber(let text):
            return
                "invalid amount \"\(text)\": the number must be decimal digits with an optional fraction, such as "
                + "\"12\" or \"0.5\", followed by one space and the symbol"
        case .tooManyDecimals(let text, let symbol, let allowed, let actual):
            return
                "invalid amount \"\(text)\": \(symbol) allows \(allowed) decimal places, got \(actual); "
                + "round the amount"
        case .amountOverflow(let text):
            return "invalid amount \"\(text)\": it exceeds 2^128 - 1 base units; use a smaller amount"
        case .invalidSymbol(let symbol):
            return "invalid token symbol \"\(symbol)\": use 1 to 16 ASCII letters or digits"
        case .invalidDecimals(let symbol, let decimals):
            return "invalid decimals \(decimals) for token \(symbol): use 0 to 38"
        case .tokenMismatch(let expected, let actual):
            return "cannot combine \(actual) with \(expected); convert the amounts to one token first"
        case .arithmeticOverflow(let symbol):
            return "the sum of \(symbol) amounts exceeds 2^128 - 1 base units; use a smaller per-round reward"
        case .invalidMaximumWeight(let weight):
            return "invalid maximum weight \(weight): it must be at least 1"
        case .duplicateProvider(let provider, let round):
            return "round \(round) lists \(provider) twice; merge its contributions into one entry"
        case .roundOutOfOrder(let round, let lastRecorded):
            return
                "round \(round) is not after the last recorded round \(lastRecorded); record rounds in increasing order"
        case .inconsistentRecord(let reason):
            return "the reward record is inconsistent: \(reason); restore it from a trusted copy"
        }
    }
}
