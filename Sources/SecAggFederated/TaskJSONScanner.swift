import Foundation

/// A scan of a task definition's JSON text for what `JSONSerialization` and `JSONDecoder` do not report: members
/// given twice in one object, which they resolve silently, and the spelling of each number, which they discard.
///
/// It runs after `JSONSerialization` has accepted the text, so it only tracks structure and does not re-check
/// the syntax.
struct TaskJSONScan {
    /// Objects and arrays nested deeper than this are rejected; a task definition needs two levels.
    static let maximumDepth = 64

    /// The text of every number that is the value of an object member, by the member's path, such as
    /// `localTraining.epochs`. Numbers inside arrays are left out.
    private(set) var numbers = [String: String]()

    private enum Container {
        case object(path: String, keys: Set<String>, currentKey: String?)
        case array
    }

    /// Scans `json`, UTF-8 text with an optional byte order mark.
    ///
    /// - Throws: ``FederatedError/invalidField(field:reason:)`` for a member given twice, and
    ///   ``FederatedError/malformedDefinition(reason:)`` for nesting deeper than ``maximumDepth``.
    init(utf8 json: [UInt8]) throws {
        var stack = [Container]()
        var index = json.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var expectingKey = false

        /// Returns the path of the value that starts at `index`, or nil inside an array or at the top level.
        func valuePath() -> String? {
            guard case .object(let path, _, let key?) = stack.last else { return nil }
            return path.isEmpty ? key : path + "." + key
        }

        func push(_ container: Container) throws {
            guard stack.count < Self.maximumDepth else {
                throw FederatedError.malformedDefinition(
                    reason: "objects and arrays are nested deeper than \(Self.maximumDepth) levels")
            }
            stack.append(container)
        }

        while index < json.count {
            switch json[index] {
            case UInt8(ascii: "{"):
                try push(.object(path: valuePath() ?? "", keys: [], currentKey: nil))
                expectingKey = true
                index += 1
            case UInt8(ascii: "["):
                try push(.array)
                expectingKey = false
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                expectingKey = false
                index += 1
            case UInt8(ascii: ","):
                if case .object = stack.last { expectingKey = true }
                index += 1
            case UInt8(ascii: ":"):
                expectingKey = false
                index += 1
            case UInt8(ascii: "\""):
                let (text, end) = Self.readString(json, from: index)
                index = end
                guard expectingKey, case .object(let path, var keys, _) = stack.last else { break }
                let memberPath = path.isEmpty ? text : path + "." + text
                guard keys.insert(text).inserted else {
                    throw FederatedError.invalidField(
                        field: memberPath, reason: "the member is given twice; give each member once")
                }
                stack[stack.count - 1] = .object(path: path, keys: keys, currentKey: text)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < json.count, Self.isNumberByte(json[index]) { index += 1 }
                if let path = valuePath() {
                    numbers[path] = String(decoding: json[start..<index], as: UTF8.self)
                }
            default:
                // Whitespace and the letters of true, false and null.
                index += 1
            }
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    /// Decodes the JSON string that starts with the quote at `start` and returns it with the index after its
    /// closing quote.
    private static func readString(_ json: [UInt8], from start: Int) -> (String, Int) {
        var bytes = [UInt8]()
        // Consecutive \u escapes, kept together so that a surrogate pair decodes to one character.
        var escapedUnits = [UInt16]()
        func flushEscapes() {
            guard !escapedUnits.isEmpty else { return }
            bytes += Array(String(decoding: escapedUnits, as: UTF16.self).utf8)
            escapedUnits.removeAll()
        }
        var index = start + 1
        while index < json.count, json[index] != UInt8(ascii: "\"") {
            guard json[index] == UInt8(ascii: "\\"), index + 1 < json.count else {
                flushEscapes()
                bytes.append(json[index])
                index += 1
                continue
            }
            let escaped = json[index + 1]
            if escaped == UInt8(ascii: "u"), index + 6 <= json.count,
                let unit = UInt16(String(decoding: json[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16)
            {
                escapedUnits.append(unit)
                index += 6
                continue
            }
            flushEscapes()
            let simple: [UInt8: UInt8] = [
                UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D,
                UInt8(ascii: "t"): 0x09,
            ]
            bytes.append(simple[escaped] ?? escaped)
            index += 2
        }
        flushEscapes()
        return (String(decoding: bytes, as: UTF8.self), index + 1)
    }

    /// Converts JSON text in UTF-16 or UTF-32, which `JSONSerialization` accepts, to UTF-8; UTF-8 text is
    /// returned as it is. A byte order mark or the zero bytes of the first character, which is ASCII in JSON,
    /// show the encoding.
    static func utf8Bytes(of json: Data) -> [UInt8] {
        let head = Array(json.prefix(4))
        let encoding: String.Encoding?
        switch head {
        case _ where head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE, 0x00, 0x00]):
            encoding = .utf32
        case _ where head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]):
            encoding = .utf16
        case _ where head.count == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0:
            encoding = .utf32BigEndian
        case _ where head.count == 4 && head[1] == 0 && head[2] == 0 && head[3] == 0:
            encoding = .utf32LittleEndian
        case _ where head.count >= 2 && head[0] == 0:
            encoding = .utf16BigEndian
        case _ where head.count >= 2 && head[1] == 0:
            encoding = .utf16LittleEndian
        default:
            encoding = nil
        }
        guard let encoding, let text = String(data: json, encoding: encoding) else { return Array(json) }
        return Array(text.utf8)
    }
}
