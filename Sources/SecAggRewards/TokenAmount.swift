/// An exact, non-negative amount of one token, kept as an integer number of base units.
///
/// No floating point is involved anywhere: parsing, formatting and arithmetic work on `UInt128`. With 18 decimals
/// the largest amount is about 3.4 * 10^20 whole tokens.
public struct TokenAmount: Sendable, Hashable, CustomStringConvertible {
    /// The token the amount is denominated in.
    public let token: Token
    /// The amount in base units; one whole token is ``Token/unit`` base units.
    public let baseUnits: UInt128

    /// Creates an amount from base units.
    ///
    /// - Parameters:
    ///   - baseUnits: The amount in base units.
    ///   - token: The token.
    public init(baseUnits: UInt128, token: Token) {
        self.baseUnits = baseUnits
        self.token = token
    }

    /// Returns the zero amount of `token`.
    ///
    /// - Parameter token: The token.
    /// - Returns: An amount of zero base units.
    public static func zero(_ token: Token) -> TokenAmount {
        TokenAmount(baseUnits: 0, token: token)
    }

    /// Parses text such as `"100 GLIN"`, `"0.5 GLIN"` or `"1.000000000000000001 GLIN"`.
    ///
    /// The text is a number, whitespace, and a token symbol, with optional whitespace around it. The number is
    /// ASCII digits with an optional `.` followed by at least one digit, with at most as many fractional digits as
    /// the token's decimals (trailing zeros count). Signs, exponents, digit separators and a bare `.5` or `5.` are
    /// rejected.
    ///
    /// - Parameters:
    ///   - text: The amount to parse.
    ///   - knownTokens: The tokens whose symbols are accepted, compared case-sensitively.
    /// - Throws: A ``RewardError`` that quotes `text`: empty, missing symbol, unknown symbol, negative, invalid
    ///   number, too many decimals, or overflow.
    public init(parsing text: String, knownTokens: [Token] = [.glin]) throws(RewardError) {
        let parts = text.split(whereSeparator: { $0.isWhitespace })
        guard let number = parts.first else {
            throw .emptyAmount(text: text)
        }
        if number.hasPrefix("-") {
            throw .negativeAmount(text: text)
        }
        guard parts.count >= 2 else {
            // A lone number lacks its symbol; a lone word such as "GLIN" lacks its number.
            let startsLikeNumber = number.first.map { $0.isASCIIDigit || $0 == "." } ?? false
            throw startsLikeNumber ? .missingSymbol(text: text) : .invalidNumber(text: text)
        }
        guard parts.count == 2 else {
            throw .invalidNumber(text: text)
        }
        let symbol = String(parts[1])
        guard let token = knownTokens.first(where: { $0.symbol == symbol }) else {
            throw .unknownSymbol(text: text, symbol: symbol, known: knownTokens.map(\.symbol))
        }

        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw .invalidNumber(text: text)
        }
        let fraction = pieces.count == 2 ? pieces[1] : ""
        guard fraction.count <= token.decimals else {
            throw .tooManyDecimals(text: text, symbol: symbol, allowed: token.decimals, actual: fraction.count)
        }
        // Read "integer digits, fraction digits, zero padding" as one integer of base units.
        let padding = String(repeating: "0", count: token.decimals - fraction.count)
        var units: UInt128 = 0
        for character in pieces[0] + fraction + padding {
            guard let digit = character.wholeNumberValue else {
                throw .invalidNumber(text: text)
            }
            let (scaled, overflowMultiply) = units.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = scaled.addingReportingOverflow(UInt128(digit))
            guard !overflowMultiply, !overflowAdd else {
                throw .amountOverflow(text: text)
            }
            units = next
        }
        self.init(baseUnits: units, token: token)
    }

    /// The amount in whole tokens with its symbol, without trailing fractional zeros: `"100 GLIN"`, `"0.5 GLIN"`.
    ///
    /// ``init(parsing:knownTokens:)`` reads the text back to an equal amount.
    public var description: String {
        let unit = token.unit
        let whole = baseUnits / unit
        let fraction = baseUnits % unit
        guard fraction != 0 else {
            return "\(whole) \(token.symbol)"
        }
        var digits = String(fraction)
        digits = String(repeating: "0", count: token.decimals - digits.count) + digits
        while digits.hasSuffix("0") {
            digits.removeLast()
        }
        return "\(whole).\(digits) \(token.symbol)"
    }

    /// Whether the amount is zero base units.
    public var isZero: Bool { baseUnits == 0 }

    /// Adds two amounts of the same token.
    ///
    /// - Parameter other: An amount of the same token.
    /// - Returns: The exact sum.
    /// - Throws: ``RewardError/tokenMismatch(expected:actual:)`` for different tokens and
    ///   ``RewardError/arithmeticOverflow(symbol:)`` when the sum exceeds 2^128 - 1 base units.
    public func adding(_ other: TokenAmount) throws(RewardError) -> TokenAmount {
        guard other.token == token else {
            throw .tokenMismatch(expected: token.symbol, actual: other.token.symbol)
        }
        let (sum, overflow) = baseUnits.addingReportingOverflow(other.baseUnits)
        guard !overflow else {
            throw .arithmeticOverflow(symbol: token.symbol)
        }
        return TokenAmount(baseUnits: sum, token: token)
    }
}

extension TokenAmount: Codable {
    private enum CodingKeys: String, CodingKey {
        case token
        case baseUnits
    }

    /// Decodes an amount whose base units are a decimal string, so JSON readers without 128-bit integers keep
    /// every digit.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the base units are not a decimal integer below 2^128.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let token = try container.decode(Token.self, forKey: .token)
        let text = try container.decode(String.self, forKey: .baseUnits)
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let units = UInt128(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .baseUnits, in: container,
                debugDescription: "base units \"\(text)\" are not a decimal integer below 2^128")
        }
        self.init(baseUnits: units, token: token)
    }

    /// Encodes the token and the base units as a decimal string.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token, forKey: .token)
        try container.encode(String(baseUnits), forKey: .baseUnits)
    }
}

extension Character {
    /// Whether the character is one of the ASCII digits 0-9 (not other Unicode digits).
    fileprivate var isASCIIDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }
}
