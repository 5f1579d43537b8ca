import Foundation

/// The outcome of one known-answer case.
public struct ConformanceResult: Sendable, Codable {
    /// The suite that ran the case, for example `"primitives"`.
    public var suite: String
    /// The vector file, relative to the vector directory.
    public var file: String
    /// The case's name, usually the vector's `name` plus the check, for example `"rfc8439-A.5-decrypt/open"`.
    public var name: String
    /// Whether the implementation reproduced the expected answer.
    public var passed: Bool
    /// What differed, or why the case could not run; empty when it passed.
    public var detail: String

    public init(suite: String, file: String, name: String, passed: Bool, detail: String = "") {
        self.suite = suite
        self.file = file
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// Options shared by all suites.
public struct ConformanceOptions: Sendable {
    /// Also run the slow cases, such as the 1,000,000-iteration X25519 vector (about a minute).
    public var includeSlow: Bool

    public init(includeSlow: Bool = false) {
        self.includeSlow = includeSlow
    }
}

/// A group of known-answer checks over one or more vector files.
public protocol ConformanceSuite {
    /// Short name, for example `"primitives"`.
    static var name: String { get }
    /// The vector files this suite reads, relative to the vector directory.
    static var files: [String] { get }
    /// Runs every vector in `files`. A file that cannot be read yields one failed result that says why.
    static func run(in directory: VectorDirectory, options: ConformanceOptions) -> [ConformanceResult]
}

/// Every conformance suite, and the runner the tool and the tests share.
public enum Conformance {
    /// The registered suites, in the order they run.
    public static var suites: [any ConformanceSuite.Type] {
        [
            ManifestConformance.self,
            PrimitiveConformance.self,
            ShamirConformance.self,
            MaskingConformance.self,
            PaillierConformance.self,
            ProtocolConformance.self,
            FaultMatrixConformance.self,
        ]
    }

    /// Runs every suite (or those named in `only`) against `directory`.
    public static func runAll(
        in directory: VectorDirectory, options: ConformanceOptions = ConformanceOptions(), only: Set<String>? = nil
    ) -> [ConformanceResult] {
        suites.filter { only?.contains($0.name) ?? true }.flatMap { $0.run(in: directory, options: options) }
    }
}

/// Collects results for one file and turns thrown errors into failed cases, so one bad vector never hides
/// the others.
public struct ConformanceRecorder {
    public let suite: String
    public let file: String
    public private(set) var results = [ConformanceResult]()

    public init(suite: String, file: String) {
        self.suite = suite
        self.file = file
    }

    /// Records whether `check` holds; a thrown error records a failure with the error's description.
    public mutating func check(_ name: String, _ check: () throws -> Bool, detail: @autoclosure () -> String = "") {
        do {
            let passed = try check()
            results.append(
                ConformanceResult(
                    suite: suite, file: file, name: name, passed: passed,
                    detail: passed ? "" : (detail().isEmpty ? "output differs from the expected value" : detail())))
        } catch {
            results.append(ConformanceResult(suite: suite, file: file, name: name, passed: false, detail: "\(error)"))
        }
    }

    /// Records that `body` throws, as a negative case expects; returning normally is a failure.
    public mutating func expectFailure(_ name: String, _ body: () throws -> Void) {
        do {
            try body()
            results.append(
                ConformanceResult(
                    suite: suite, file: file, name: name, passed: false, detail: "accepted input that must be rejected")
            )
        } catch {
            results.append(ConformanceResult(suite: suite, file: file, name: name, passed: true))
        }
    }

    /// Records a failure for the whole file, for example when it cannot be decoded.
    public mutating func fail(_ name: String, _ error: Error) {
        results.append(ConformanceResult(suite: suite, file: file, name: name, passed: false, detail: "\(error)"))
    }
}
