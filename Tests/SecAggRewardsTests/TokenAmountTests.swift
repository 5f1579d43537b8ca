import SecAggRewards
import Testing

@Suite("Token amounts")
struct TokenAmountTests {
    static let usdc = (try? Token(symbol: "USDC", decimals: 6)) ?? .glin
    static let whole = (try? Token(symbol: "PTS", decimals: 0)) ?? .glin
    static let known: [Token] = [.glin, usdc, whole]

    @Test("GLIN has 18 decimals")
    func glinDecimals() {
        #expect(Token.glin.symbol == "GLIN")
        #expect(Token.glin.decimals == 18)
        #expect(Token.glin.unit == 1_000_000_000_000_000_000)
    }

    static let parseCases: [(text: String, baseUnits: UInt128, symbol: String)] = [
        ("100 GLIN", 100_000_000_000_000_000_000, "GLIN"),
        ("0.5 GLIN", 500_000_000_000_000_000, "GLIN"),
        ("1.000000000000000001 GLIN", 1_000_000_000_000_000_001, "GLIN"),
        ("0 GLIN", 0, "GLIN"),
        ("  007.250   USDC \n", 7_250_000, "USDC"),
        ("0.000001 USDC", 1, "USDC"),
        ("42 PTS", 42, "PTS"),
        ("340282366920938463463.374607431768211455 GLIN", UInt128.max, "GLIN"),
    ]

    @Test("amount text parses exactly", arguments: parseCases)
    func parse(text: String, baseUnits: UInt128, symbol: String) throws {
        let amount = try TokenAmount(parsing: text, knownTokens: Self.known)
        #expect(amount.baseUnits == baseUnits)
        #expect(amount.token.symbol == symbol)
    }

    static let formatCases: [(baseUnits: UInt128, token: Token, text: String)] = [
        (100_000_000_000_000_000_000, .glin, "100 GLIN"),
        (500_000_000_000_000_000, .glin, "0.5 GLIN"),
        (1_000_000_000_000_000_001, .glin, "1.000000000000000001 GLIN"),
        (0, .glin, "0 GLIN"),
        (1, .glin, "0.000000000000000001 GLIN"),
        (7_250_000, usdc, "7.25 USDC"),
        (42, whole, "42 PTS"),
        (UInt128.max, .glin, "340282366920938463463.374607431768211455 GLIN"),
    ]

    @Test("amount formats without trailing zeros", arguments: formatCases)
    func format(baseUnits: UInt128, token: Token, text: String) {
        #expect(TokenAmount(baseUnits: baseUnits, token: token).description == text)
    }

    @Test("format and parse round trip")
    func roundTrip() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            // A fixed xorshift sequence supplies varied amounts, from one base unit up to 2^128 - 1.
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let high = UInt128(state >> (state % 64))
            let units = (high << 64) | UInt128(state &* 0x2545_F491_4F6C_DD1D)
            for token in Self.known {
                let amount = TokenAmount(baseUnits: units, token: token)
                let parsed = try TokenAmount(parsing: amount.description, knownTokens: Self.known)
                #expect(parsed == amount)
            }
        }
    }

    static let invalidTexts: [(text: String, error: RewardError)] = [
        ("", .emptyAmount(text: "")),
        ("   \t", .emptyAmount(text: "   \t")),
        ("100", .missingSymbol(text: "100")),
        ("1.5GLIN", .missingSymbol(text: "1.5GLIN")),
        ("GLIN", .invalidNumber(text: "GLIN")),
        ("100 glin", .unknownSymbol(text: "100 glin", symbol: "glin", known: ["GLIN", "USDC", "PTS"])),
        ("100 ETH", .unknownSymbol(text: "100 ETH", symbol: "ETH", known: ["GLIN", "USDC", "PTS"])),
        ("-1 GLIN", .negativeAmount(text: "-1 GLIN")),
        ("-0.5", .negativeAmount(text: "-0.5")),
        ("+1 GLIN", .invalidNumber(text: "+1 GLIN")),
        (".5 GLIN", .invalidNumber(text: ".5 GLIN")),
        ("5. GLIN", .invalidNumber(text: "5. GLIN")),
        ("1.2.3 GLIN", .invalidNumber(text: "1.2.3 GLIN")),
        ("1e3 GLIN", .invalidNumber(text: "1e3 GLIN")),
        ("1,000 GLIN", .invalidNumber(text: "1,000 GLIN")),
        ("١٢ GLIN", .invalidNumber(text: "١٢ GLIN")),
        ("1 GLIN extra", .invalidNumber(text: "1 GLIN extra")),
        (
            "1.0000000000000000001 GLIN",
            .tooManyDecimals(text: "1.0000000000000000001 GLIN", symbol: "GLIN", allowed: 18, actual: 19)
        ),
        ("0.1234567 USDC", .tooManyDecimals(text: "0.1234567 USDC", symbol: "USDC", allowed: 6, actual: 7)),
        ("1.0 PTS", .tooManyDecimals(text: "1.0 PTS", symbol: "PTS", allowed: 0, actual: 1)),
        (
            "340282366920938463463.374607431768211456 GLIN",
            .amountOverflow(text: "340282366920938463463.374607431768211456 GLIN")
        ),
        (
            "99999999999999999999999999999999999999999 PTS",
            .amountOverflow(text: "99999999999999999999999999999999999999999 PTS")
        ),
    ]

    @Test("invalid amount text rejected", arguments: invalidTexts)
    func invalidText(text: String, error: RewardError) {
        #expect(throws: error) {
            try TokenAmount(parsing: text, knownTokens: Self.known)
        }
    }

    @Test("error message quotes the text")
    func errorMessage() {
        let error = RewardError.tooManyDecimals(text: "0.1234567 USDC", symbol: "USDC", allowed: 6, actual: 7)
        #expect(error.description.contains("\"0.1234567 USDC\""))
        #expect(error.description.contains("6 decimal places"))
    }

    static let invalidTokens: [(symbol: String, decimals: Int, error: RewardError)] = [
        ("", 18, .invalidSymbol(symbol: "")),
        ("GL IN", 18, .invalidSymbol(symbol: "GL IN")),
        ("ÉTH", 18, .invalidSymbol(symbol: "ÉTH")),
        ("ABCDEFGHIJKLMNOPQ", 18, .invalidSymbol(symbol: "ABCDEFGHIJKLMNOPQ")),
        ("GLIN", -1, .invalidDecimals(symbol: "GLIN", decimals: -1)),
        ("GLIN", 39, .invalidDecimals(symbol: "GLIN", decimals: 39)),
    ]

    @Test("invalid token definition rejected", arguments: invalidTokens)
    func invalidToken(symbol: String, decimals: Int, error: RewardError) {
        #expect(throws: error) {
            try Token(symbol: symbol, decimals: decimals)
        }
    }

    @Test("38 decimals is the maximum")
    func maximumDecimals() throws {
        let fine = try Token(symbol: "FINE", decimals: 38)
        let amount = try TokenAmount(parsing: "3.4 FINE", knownTokens: [fine])
        #expect(amount.baseUnits == fine.unit / 10 * 34)
        #expect(throws: RewardError.amountOverflow(text: "3.5 FINE")) {
            try TokenAmount(parsing: "3.5 FINE", knownTokens: [fine])
        }
    }

    @Test("adding checks token and overflow")
    func adding() throws {
        let one = TokenAmount(baseUnits: 1, token: .glin)
        #expect(try one.adding(one).baseUnits == 2)
        #expect(throws: RewardError.tokenMismatch(expected: "GLIN", actual: "USDC")) {
            try one.adding(TokenAmount(baseUnits: 1, token: Self.usdc))
        }
        #expect(throws: RewardError.arithmeticOverflow(symbol: "GLIN")) {
            try TokenAmount(baseUnits: .max, token: .glin).adding(one)
        }
    }
}
