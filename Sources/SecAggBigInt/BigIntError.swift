/// Errors thrown by ``BigInt`` operations.
///
/// Payloads name the operation and the problem, and never the value of an operand, because operands are often
/// secret (private keys, masks, shares). A parse error reports the position of the first invalid character and
/// that character, which is not a digit and so reveals nothing about the number.
public enum BigIntError: Error, Equatable, Sendable {
    /// A division, remainder or reduction by zero.
    case divisionByZero(operation: String)
    /// A modulus that is zero or negative where the operation needs a positive one.
    case modulusNotPositive(operation: String)
    /// An even modulus where the constant-time algorithm needs an odd one.
    case modulusEven(operation: String)
    /// An exponent that is zero or negative where the constant-time algorithm needs a positive one.
    case exponentNotPositive(operation: String)
    /// A value that has no inverse because it shares a factor with the modulus.
    case noInverse(operation: String)
    /// A division that the caller declared exact left a remainder.
    case notDivisible(operation: String)
    /// A negative value where the operation accepts only zero or positive values.
    case negativeValue(operation: String)
    /// A value whose encoding needs more bytes than the caller allows.
    case valueTooLarge(operation: String, requiredByteCount: Int, allowedByteCount: Int)
    /// A negative byte count for an encoding.
    case negativeByteCount(operation: String, byteCount: Int)
    /// A number string without digits: empty, or only a minus sign.
    case missingDigits(radix: Int)
    /// A number string with a character that is not a digit in its radix. The position is the zero-based index
    /// of the Unicode scalar in the string.
    case invalidDigit(radix: Int, position: Int, character: Unicode.Scalar)
    /// A requested bit width below the minimum that the operation supports.
    case bitWidthTooSmall(operation: String, bitWidth: Int, minimum: Int)
    /// A random draw from a range that contains no integers.
    case emptyRange(operation: String)
}

extension BigIntError: CustomStringConvertible {
    /// A sentence that names the operation and the problem.
    public var description: String {
        switch self {
        case .divisionByZero(let operation):
            return "\(operation) failed: division by zero"
        case .modulusNotPositive(let operation):
            return "\(operation) failed: the modulus must be positive"
        case .modulusEven(let operation):
            return "\(operation) failed: the modulus is even, but the constant-time algorithm needs an odd modulus"
        case .exponentNotPositive(let operation):
            return "\(operation) failed: the exponent must be positive"
        case .noInverse(let operation):
            return "\(operation) failed: no inverse exists because the value and the modulus share a factor"
        case .notDivisible(let operation):
            return "\(operation) failed: the division is not exact"
        case .negativeValue(let operation):
            return "\(operation) failed: the value is negative, but only zero and positive values are allowed"
        case .valueTooLarge(let operation, let requiredByteCount, let allowedByteCount):
            return "\(operation) failed: the value needs \(requiredByteCount) bytes, \(allowedByteCount) allowed"
        case .negativeByteCount(let operation, let byteCount):
            return "\(operation) failed: byte count \(byteCount) is negative"
        case .missingDigits(let radix):
            return "invalid \(Self.radixName(radix)) number: no digits"
        case .invalidDigit(let radix, let position, let character):
            let escapedCharacter = character.escaped(asASCII: true)
            var message =
                "invalid \(Self.radixName(radix)) digit '\(escapedCharacter)' at position \(position) (counting from 0)"
            if character == "x" || character == "X" {
                message += "; write the digits without a 0x prefix"
            }
            return message
        case .bitWidthTooSmall(let operation, let bitWidth, let minimum):
            return "\(operation) failed: bit width \(bitWidth) is below the minimum of \(minimum)"
        case .emptyRange(let operation):
            return "\(operation) failed: the range contains no integers"
        }
    }

    private static func radixName(_ radix: Int) -> String {
        switch radix {
        case 10: return "decimal"
        case 16: return "hexadecimal"
        default: return "base-\(radix)"
        }
    }
}
