import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Dataset {
    /// Loads a CSV file with a header row, numeric feature columns and one label column chosen by name.
    ///
    /// Every column except the label column is a feature and must hold finite decimal numbers. The distinct label
    /// values become classes `0 ..< k`: in numeric order when every label is a number, otherwise in string order,
    /// and ``classNames`` keeps the original text. The reader accepts LF and CRLF line ends, a missing or present
    /// final newline, a UTF-8 byte-order mark, blank lines, and fields in double quotes with `""` for a literal
    /// quote. Spaces around unquoted fields are ignored.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - labelColumn: The header name of the label column.
    /// - Returns: The dataset, with samples in file order.
    /// - Throws: A ``DataError`` that names the file, the line and the column of the first problem.
    public static func load(csvAt path: String, labelColumn: String = "label") throws(DataError) -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missingFile(file: path)
        }
        guard !isDirectory.boolValue else {
            throw .notAFile(file: path)
        }
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(file: path, reason: Self.readableReason(error))
        }
        return try Dataset(csv: [UInt8](contents), source: path, labelColumn: labelColumn)
    }

    /// Returns the operating system's reason for a failed read, such as "Permission denied", in place of
    /// Foundation's generic "The operation could not be completed".
    private static func readableReason(_ error: any Error) -> String {
        // Depending on the Foundation version, the underlying error is a POSIXError value or an NSError.
        switch (error as? CocoaError)?.userInfo[NSUnderlyingErrorKey] {
        case let underlying as POSIXError:
            return String(cString: strerror(underlying.code.rawValue))
        case let underlying as NSError:
            return underlying.localizedDescription
        default:
            return error.localizedDescription
        }
    }

    /// Parses CSV bytes already in memory, with the rules of ``load(csvAt:labelColumn:)``.
    ///
    /// - Parameters:
    ///   - csv: The file contents, UTF-8.
    ///   - source: The name that errors use for the file, for example its path.
    ///   - labelColumn: The header name of the label column.
    /// - Throws: A ``DataError`` that names `source`, the line and the column of the first problem.
    public init(csv: [UInt8], source: String, labelColumn: String = "label") throws(DataError) {
        let records = try CSVReader.records(in: csv, file: source)
        guard let header = records.first else {
            throw .emptyFile(file: source)
        }
        let names = header.fields
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw .duplicateColumn(file: source, column: name)
        }
        guard let labelIndex = names.firstIndex(of: labelColumn) else {
            throw .missingLabelColumn(file: source, label: labelColumn, header: names)
        }
        guard names.count >= 2 else {
            throw .noFeatureColumns(file: source)
        }
        guard records.count >= 2 else {
            throw .noSamples(file: source)
        }

        let featureNames = names.enumerated().filter { $0.offset != labelIndex }.map(\.element)
        var features = [Double]()
        features.reserveCapacity((records.count - 1) * featureNames.count)
        var labelTexts = [String]()
        labelTexts.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw .raggedRow(file: source, line: record.line, expected: names.count, actual: record.fields.count)
            }
            for (column, text) in record.fields.enumerated() {
                if column == labelIndex {
                    guard !text.isEmpty else {
                        throw .emptyLabel(file: source, line: record.line, column: labelColumn)
                    }
                    labelTexts.append(text)
                    continue
                }
                guard let value = Double(text) else {
                    throw .nonNumericCell(file: source, line: record.line, column: names[column], value: text)
                }
                guard value.isFinite else {
                    throw .nonFiniteValue(file: source, line: record.line, column: names[column], value: text)
                }
                features.append(value)
            }
        }

        let (classNames, labels) = Self.encodeLabels(labelTexts)
        guard classNames.count >= 2 else {
            throw .fewerThanTwoClasses(file: source, classes: classNames)
        }
        self.init(unchecked: features, labels: labels, featureNames: featureNames, classNames: classNames)
    }

    /// Maps label texts to class indices: numeric order when all labels are finite numbers (so "1" and "1.0" are
    /// one class, named by its first spelling), otherwise string order.
    private static func encodeLabels(_ texts: [String]) -> (classNames: [String], labels: [Int]) {
        let numbers = texts.map { Double($0) }
        if numbers.allSatisfy({ $0?.isFinite == true }) {
            var firstSpelling = [Double: String]()
            for (text, number) in zip(texts, numbers) {
                if let number, firstSpelling[number] == nil {
                    firstSpelling[number] = text
                }
            }
            let ordered = firstSpelling.keys.sorted()
            let indexOf = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element, $0.offset) })
            let labels = numbers.map { indexOf[$0 ?? 0] ?? 0 }
            return (ordered.map { firstSpelling[$0] ?? "" }, labels)
        }
        let ordered = Set(texts).sorted()
        let indexOf = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element, $0.offset) })
        return (ordered, texts.map { indexOf[$0] ?? 0 })
    }
}

/// One CSV record and the 1-based file line on which it starts.
struct CSVRecord {
    var line: Int
    var fields: [String]
}

/// A byte-level CSV reader (RFC 4180 quoting, LF, CRLF or CR line ends), with blank lines skipped.
enum CSVReader {
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Splits `bytes` into records of fields.
    static func records(in bytes: [UInt8], file: String) throws(DataError) -> [CSVRecord] {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            start = 3
        }
        var records = [CSVRecord]()
        var fields = [String]()
        var field = [UInt8]()
        var line = 1
        var recordLine = 1
        var index = start
        var recordHasContent = false

        func finishRecord() {
            if recordHasContent {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        while index < bytes.count {
            // Read one field that starts at `index`.
            field.removeAll(keepingCapacity: true)
            if bytes[index] == quote {
                recordHasContent = true
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if byte == lineFeed || (byte == carriageReturn && bytes[safe: index + 1] != lineFeed) {
                        line += 1
                    }
                    field.append(byte)
                    index += 1
                }
                guard closed else {
                    throw .malformedQuotes(file: file, line: recordLine)
                }
                // Only spaces may follow the closing quote before the delimiter.
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
                    index += 1
                }
                if index < bytes.count, bytes[index] != comma, bytes[index] != lineFeed, bytes[index] != carriageReturn
                {
                    throw .malformedQuotes(file: file, line: recordLine)
                }
                fields.append(String(decoding: field, as: UTF8.self))
            } else {
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == comma || byte == lineFeed || byte == carriageReturn {
                        break
                    }
                    field.append(byte)
                    index += 1
                }
                let text = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty {
                    recordHasContent = true
                }
                fields.append(text)
            }

            // Handle the delimiter after the field.
            guard index < bytes.count else { break }
            let delimiter = bytes[index]
            index += 1
            if delimiter == comma {
                recordHasContent = true
                if index == bytes.count {
                    fields.append("")
                }
                continue
            }
            if delimiter == carriageReturn, index < bytes.count, bytes[index] == lineFeed {
                index += 1
            }
            finishRecord()
            line += 1
            recordLine = line
        }
        finishRecord()
        return records
    }
}

extension Array {
    /// Returns the element at `index`, or nil when the index is out of range.
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
