import CFuzzerDriver
import Foundation
import SecAggFuzzTargets

/// The target the running process fuzzes. libFuzzer's callback is a C function pointer, which cannot capture it.
nonisolated(unsafe) private var selectedTarget = FuzzTarget.messages

/// Runs libFuzzer on `target` with the process's command-line arguments and exits with its status.
///
/// A ``FuzzFailure`` aborts the process, so libFuzzer saves the input as a crash like any other.
public func runFuzzer(_ target: FuzzTarget) -> Never {
    selectedTarget = target
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try selectedTarget.run(bytes)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            abort()
        }
        return 0
    }
    exit(status)
}
