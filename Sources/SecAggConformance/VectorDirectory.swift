import Foundation
import SecAggPrimitives

/// Errors from loading known-answer vector files.
public enum ConformanceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No vector directory was found at any of the places searched.
    case directoryNotFound(searched: [String])
    /// The directory given explicitly does not exist or is not a directory, as the reason states.
    case invalidDirectory(path: String, reason: String)
    /// A vector file does not exist.
    case fileNotFound(path: String)
    /// A vector file exists but is not valid JSON of the expected shape.
    case malformedFile(path: String, reason: String)
    /// A field of one vector is invalid, for example hex with an odd number of digits.
    case malformedVector(file: String, vector: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .directoryNotFound(let searched):
            return "vector directory not found; searched: \(searched.joined(separator: ", ")). "
                + "Pass the directory explicitly or run from the repository root."
        case .invalidDirectory(let path, let reason):
            return "vector directory \(path) \(reason)"
        case .fileNotFound(let path):
            return "vector file not found: \(path)"
        case .malformedFile(let path, let reason):
            return "malformed vector file \(path): \(reason)"
        case .malformedVector(let file, let vector, let field, let reason):
            return "malformed vector '\(vector)' in \(file), field '\(field)': \(reason)"
        }
    }
}

/// The `Vectors/` directory of known-answer vectors, and typed access to its JSON files.
public struct VectorDirectory: Sendable {
    /// The directory's location.
    public let url: URL

    /// Wraps an existing directory.
    public init(url: URL) {
        self.url = url
    }

    /// Finds the vector directory: `explicitPath` when given, otherwise `$SECAGG_VECTORS`, `./Vectors`, and
    /// the `Vectors` directory of the source checkout this module was built from.
    ///
    /// - Throws: ``ConformanceError/invalidDirectory(path:reason:)`` when `explicitPath` is not a directory, and
    ///   ``ConformanceError/directoryNotFound(searched:)`` when none of the other places is.
    public static func locate(_ explicitPath: String? = nil) throws -> VectorDirectory {
        var candidates = [String]()
        if let explicitPath {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: explicitPath, isDirectory: &isDirectory) else {
                throw ConformanceError.invalidDirectory(path: explicitPath, reason: "does not exist")
            }
            guard isDirectory.boolValue else {
                throw ConformanceError.invalidDirectory(path: explicitPath, reason: "is a file, not a directory")
            }
            candidates.append(explicitPath)
        } else {
            if let environment = ProcessInfo.processInfo.environment["SECAGG_VECTORS"], !environment.isEmpty {
                candidates.append(environment)
            }
            candidates.append(FileManager.default.currentDirectoryPath + "/Vectors")
            // This file is Sources/SecAggConformance/VectorDirectory.swift, three levels below the root.
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            candidates.append(root.appendingPathComponent("Vectors").path)
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return VectorDirectory(url: URL(fileURLWithPath: candidate).standardizedFileURL)
            }
        }
        throw ConformanceError.directoryNotFound(searched: candidates)
    }

    /// Whether the directory has `SHA256SUMS` or any `.json` file, at any depth.
    public var containsVectorFiles: Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent("SHA256SUMS").path)
            || !ManifestConformance.jsonFiles(under: url).isEmpty
    }

    /// Reads the bytes of the file at `relativePath`.
    public func data(at relativePath: String) throws -> Data {
        let fileURL = url.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: fileURL.path) else {
            throw ConformanceError.fileNotFound(path: fileURL.path)
        }
        do {
            return try Data(contentsOf: fileURL)
        } catch {
            throw ConformanceError.malformedFile(path: relativePath, reason: "cannot read: \(error)")
        }
    }

    /// Decodes the JSON file at `relativePath` as `type`.
    ///
    /// - Throws: ``ConformanceError/fileNotFound(path:)`` or ``ConformanceError/malformedFile(path:reason:)``.
    public func decode<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        let bytes = try data(at: relativePath)
        do {
            return try JSONDecoder().decode(type, from: bytes)
        } catch let error as DecodingError {
            throw ConformanceError.malformedFile(path: relativePath, reason: Self.describe(error, in: bytes))
        }
    }

    private static func describe(_ error: DecodingError, in bytes: Data) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "the top level" : path
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // JSONDecoder on Linux gives no position for a syntax error, and reports a number that does not fit its
            // field's type the same way. JSONSerialization distinguishes the two and gives the position.
            do {
                _ = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
            } catch {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
                return "not valid JSON: \(detail)"
            }
            return "a number does not fit its field's type, for example a fraction where an integer belongs"
        case .dataCorrupted(let context): return "invalid value at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// The common shape of every vector file: what it tests, where the values come from, and the vectors.
public struct VectorFile<Vector: Decodable & Sendable>: Decodable, Sendable {
    /// The primitive or scheme, for example `"X25519"`.
    public var primitive: String
    /// Where the vectors come from: a published document or the generator in this repository.
    public var source: String
    /// Free-text notes on conventions.
    public var notes: String?
    /// The vectors.
    public var vectors: [Vector]
}

/// Decodes a hex field of a vector, naming the file, vector and field on failure.
public func hexField(_ text: String, file: String, vector: String, field: String) throws -> [UInt8] {
    do {
        return try Hex.decode(text)
    } catch {
        throw ConformanceError.malformedVector(file: file, vector: vector, field: field, reason: "\(error)")
    }
}
