import Foundation
import SecAggFederated

/// Prints one line per finished round. The training driver reports a detection while its round is still running,
/// before the round's own line, so detections wait here and print under their round.
final class TrainProgress: @unchecked Sendable {
    private let output: TextOutput
    /// Guards `pendingDetections`, because the driver may report events from more than one thread.
    private let lock = NSLock()
    private var pendingDetections = [FraudRecord]()

    init(output: TextOutput) {
        self.output = output
    }

    func handle(_ event: FederatedEvent) {
        switch event {
        case .roundStarted:
            break
        case .fraudDetected(let record):
            lock.withLock { pendingDetections.append(record) }
        case .roundFinished(let round):
            let detections = lock.withLock {
                defer { pendingDetections.removeAll() }
                return pendingDetections
            }
            let status = round.accepted ? "accepted" : round.outcome
            let sumCheck = round.secureSumMatchesPlaintext.map { $0 ? "sum matches" : "SUM MISMATCH" } ?? "no sum"
            output.line(
                String(format: "round %2d  accuracy %.4f  ", Int(round.round), round.testAccuracy)
                    + "\(counted(round.contributors.count, "contributor"))  \(sumCheck)  \(status)")
            for record in detections {
                output.line(
                    "          detected: \(record.detection) [by \(record.detectedBy); \(record.accused ?? "unattributed")]"
                )
            }
        }
    }
}
