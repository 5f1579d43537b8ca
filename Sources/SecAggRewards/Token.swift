/// A fungible token: its symbol and the number of decimal places of one whole token.
///
/// Amounts are counted in base units, where one whole token is 10^decimals base units. GLIN has 18 decimals,
/// the common choice for ERC-20 tokens, so 1 GLIN is 10^18 base units.
public struct Token: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The largest supported number of decimals, because 10^38 is the largest power of ten below 2^128.
    public static let maximumDecimals = 38

    /// The GLIN token with 18 decimals.
    public static let glin = Token(uncheckedSymbol: "GLIN", decimals: 18)

    /// The ticker symbol, 1 to 16 ASCII letters or digits, compared case-sensitively.
    public let symbol: String
    /// The number of decimal places, in 0...38.
    public let decimals: Int

    /// Creates a token definition.
    ///
    /// - Parameters:
    ///   - symbol: 1 to 16 ASCII letters or digits.
    ///   - decimals: The number of decimal places, in 0...38.
    /// - Throws: ``RewardError/invalidSymbol(symbol:)`` or ``RewardError/invalidDecimals(symbol:decimals:)``.
    public init(symbol: String, decimals: Int) throws(RewardError) {
        let scalars = symbol.unicodeScalars
        let valid = !scalars.isEmpty && scalars.count <= 16 && scalars.allSatisfy { $0.isASCIIAlphanumeric }
        guard valid else {
            throw .invalidSymbol(symbol: symbol)
        }
        guard (0...Self.maximumDecimals).contains(decimals) else {
            throw .invalidDecimals(symbol: symbol, decimals: decimals)
        }
        self.init(uncheckedSymbol: symbol, decimals: decimals)
    }

    private init(uncheckedSymbol: String, decimals: Int) {
        self.symbol = uncheckedSymbol
        self.decimals = decimals
    }

    /// Decodes a token and checks it like ``init(symbol:decimals:)``.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: The ``RewardError`` for an invalid symbol or decimals, or the decoder's error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            symbol: container.decode(String.self, forKey: .symbol),
            decimals: container.decode(Int.self, forKey: .decimals))
    }

    /// The number of base units in one whole token, 10^decimals.
    public var unit: UInt128 {
        var result: UInt128 = 1
        for _ in 0..<decimals {
            result *= 10
        }
        return result
    }

    /// The symbol, for example `GLIN`.
    public var description: String { symbol }
}

extension Unicode.Scalar {
    /// Whether the scalar is an ASCII letter or digit.
    fileprivate var isASCIIAlphanumeric: Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
            return true
        default:
            return false
        }
    }
}
