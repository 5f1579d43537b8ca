// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer harness: one executable per target in SecAggFuzzTargets, built apart from the root package so
// that its sanitizer flags never reach the normal build. Build and run with `./run.sh`; see FUZZING.md.
let targets = ["messages", "sessions", "transcript", "shamir", "paillier", "keys", "vectors", "datasets"]

let package = Package(
    name: "SecAggFuzz",
    dependencies: [.package(name: "SecureAggregation", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(
            name: "FuzzerMain",
            dependencies: ["CFuzzerDriver", .product(name: "SecAggFuzzTargets", package: "SecureAggregation")]),
        .executableTarget(
            name: "fuzz-seeds",
            dependencies: [
                .product(name: "SecAggFuzzTargets", package: "SecureAggregation"),
                .product(name: "SecAggPrimitives", package: "SecureAggregation"),
            ],
            path: "Sources/FuzzSeeds"),
    ] + targets.map { .executableTarget(name: "fuzz-\($0)", dependencies: ["FuzzerMain"]) }
)
