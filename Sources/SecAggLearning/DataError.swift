/// Errors thrown by SecAggLearning: reading CSV files, splitting and partitioning data, and training models.
///
/// File errors name the file path, the 1-based line of the file and the column's header name, so a message
/// points at the cell to fix.
public enum DataError: Error, Equatable, Sendable {
    /// No file exists at the path.
    case missingFile(file: String)
    /// The path is a directory, not a file.
    case notAFile(file: String)
    /// The file exists but could not be read.
    case unreadableFile(file: String, reason: String)
    /// The file has no header row, or only blank lines.
    case emptyFile(file: String)
    /// The file has a header row but no data rows.
    case noSamples(file: String)
    /// The header row has no column with the requested label name.
    case missingLabelColumn(file: String, label: String, header: [String])
    /// Two header cells have the same name, so a column cannot be chosen by name.
    case duplicateColumn(file: String, column: String)
    /// The header row has only the label column, so there are no features.
    case noFeatureColumns(file: String)
    /// A row has a different number of fields than the header row.
    case raggedRow(file: String, line: Int, expected: Int, actual: Int)
    /// A quoted field is not closed, or a closing quote is followed by something other than a comma.
    case malformedQuotes(file: String, line: Int)
    /// A feature cell is not a decimal number.
    case nonNumericCell(file: String, line: Int, column: String, value: String)
    /// A feature cell is a number that is infinite or NaN, or too large for `Double`.
    case nonFiniteValue(file: String, line: Int, column: String, value: String)
    /// A label cell is empty.
    case emptyLabel(file: String, line: Int, column: String)
    /// The label column has fewer than two distinct values, so there is nothing to classify.
    case fewerThanTwoClasses(file: String, classes: [String])

    /// A fraction parameter is outside the open interval (0, 1).
    case invalidFraction(name: String, value: Double)
    /// A split left one side without samples, because the dataset is too small for the fraction.
    case splitTooSmall(samples: Int, testFraction: Double)
    /// A partition asked for more providers, or a larger minimum per provider, than the samples allow.
    case tooFewSamples(samples: Int, providers: Int, minimumPerProvider: Int)
    /// A count parameter such as the number of providers, epochs or shards is below its minimum.
    case invalidCount(name: String, value: Int, minimum: Int)
    /// A real-valued parameter such as the learning rate, the L2 strength or the Dirichlet alpha is out of range.
    case invalidParameter(name: String, value: Double, requirement: String)
    /// A dataset, parameter vector or update has a different feature or parameter count than the model.
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// A dataset has more classes than the model can predict.
    case classCountMismatch(modelClasses: Int, dataClasses: Int)
    /// An operation that needs samples got an empty dataset or an empty list.
    case emptyInput(what: String)
}

extension DataError: CustomStringConvertible {
    /// A message that names the failing value and states what to do next.
    public var description: String {
        switch self {
        case .missingFile(let file):
            return "file not found: \(file); check the path"
        case .notAFile(let file):
            return "\(file) is a directory; give the path of a CSV file"
        case .unreadableFile(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .emptyFile(let file):
            return "\(file) is empty; it needs a header row and at least one data row"
        case .noSamples(let file):
            return "\(file) has a header row but no data rows; add samples"
        case .missingLabelColumn(let file, let label, let header):
            let columns = header.joined(separator: ", ")
            return "\(file) has no label column named \"\(label)\"; choose one of: \(columns)"
        case .duplicateColumn(let file, let column):
            return "\(file) has two columns named \"\(column)\"; rename one of them"
        case .noFeatureColumns(let file):
            return "\(file) has only the label column; add at least one feature column"
        case .raggedRow(let file, let line, let expected, let actual):
            return "\(file) line \(line): expected \(expected) fields like the header, got \(actual); fix the row"
        case .malformedQuotes(let file, let line):
            return "\(file) line \(line): unterminated quoted field or text after a closing quote; fix the quotes"
        case .nonNumericCell(let file, let line, let column, let value):
            return "\(file) line \(line), column \"\(column)\": \"\(value)\" is not a number; use a decimal number"
        case .nonFiniteValue(let file, let line, let column, let value):
            return
                "\(file) line \(line), column \"\(column)\": \"\(value)\" is not a finite number; replace or drop the row"
        case .emptyLabel(let file, let line, let column):
            return "\(file) line \(line), column \"\(column)\": the label is empty; give every row a class"
        case .fewerThanTwoClasses(let file, let classes):
            let found = classes.isEmpty ? "none" : classes.joined(separator: ", ")
            return "\(file) has fewer than two classes (found: \(found)); a classifier needs at least two"
        case .invalidFraction(let name, let value):
            return "invalid \(name) \(value): it must be greater than 0 and less than 1"
        case .splitTooSmall(let samples, let testFraction):
            return
                "a test fraction of \(testFraction) leaves the training or test set of \(samples) samples empty; "
                + "use more data or another fraction"
        case .tooFewSamples(let samples, let providers, let minimumPerProvider):
            return
                "\(samples) samples cannot give \(providers) providers at least \(minimumPerProvider) each; "
                + "use fewer providers or a smaller minimum"
        case .invalidCount(let name, let value, let minimum):
            return "invalid \(name) \(value): it must be at least \(minimum)"
        case .invalidParameter(let name, let value, let requirement):
            return "invalid \(name) \(value): it must be \(requirement)"
        case .dimensionMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) entries but the model expects \(expected); use data and models that match"
        case .classCountMismatch(let modelClasses, let dataClasses):
            return
                "the data has \(dataClasses) classes but the model predicts \(modelClasses); "
                + "create the model with the data's class count"
        case .emptyInput(let what):
            return "\(what) is empty; pass at least one sample"
        }
    }
}
