import Foundation
import SecAggConformance
import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import SecAggShamir

/// The `transcript` target: `Transcript(encoding:)`, a check that it encodes back to its input, then an audit of
/// what decoded. The whole input is the transcript file.
enum TranscriptFuzzing {
    static func isExpected(_ error: any Error) -> Bool {
        error is WireError || error is PrimitiveError || error is ProtocolError || error is MaskingError
    }

    static func run(_ bytes: [UInt8]) throws(FuzzFailure) {
        var decoded: Transcript?
        try expecting("Transcript(encoding:)", isExpected) {
            decoded = try Transcript(encoding: bytes, maximumMessageByteCount: 1 << 20)
        }
        guard let transcript = decoded else { return }
        try check(transcript.encoded() == bytes, "a decoded transcript re-encodes differently")
        var source = SeededRandom(seed: 5)
        let report = TranscriptAudit.audit(transcript, sampleCoordinates: 4, using: &source)
        try check(
            report.passed || !report.findings.isEmpty, "the audit report neither passed nor listed a finding")
    }

    /// Returns the transcripts of `Vectors/protocol/rounds.json`.
    static func seeds() throws(FuzzFailure) -> [[UInt8]] {
        let vectors = try fixture("the protocol vectors") {
            try VectorDirectory.locate().decode(VectorFile<ProtocolVector>.self, from: ProtocolVectors.file)
        }
        var seeds = [[UInt8]]()
        for vector in vectors.vectors {
            seeds.append(try fixture("transcript \(vector.name)") { try Hex.decode(vector.transcript) })
        }
        return seeds
    }
}
