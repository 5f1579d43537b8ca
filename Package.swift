// swift-tools-version: 6.0
import PackageDescription

// Layers, lowest first. A target depends only on targets listed above it.
//   CSodium, CGMP          system libraries (libsodium, GMP)
//   SecAggPrimitives       libsodium wrappers: randomness, secrets, hashes, KDF, X25519, Ed25519, AEAD,
//                          ChaCha20 keystream, ristretto255
//   SecAggBigInt           GMP big integers
//   SecAggPaillier         Paillier encryption: keys, packing, threshold decryption, wire and JSON formats
//   SecAggConformance      known-answer vector loader and runners, shared by the tests and the tool
//   SecAggBenchmarks       benchmark suite, shared by `secagg bench` and `secagg-bench`
//   secagg, secagg-bench   command-line tools
let package = Package(
    name: "SecureAggregation",
    products: [
        .library(name: "SecAggPrimitives", targets: ["SecAggPrimitives"]),
        .library(name: "SecAggBigInt", targets: ["SecAggBigInt"]),
        .library(name: "SecAggPaillier", targets: ["SecAggPaillier"]),
        .library(name: "SecAggConformance", targets: ["SecAggConformance"]),
        .executable(name: "secagg", targets: ["SecAggCLI"]),
        .executable(name: "secagg-bench", targets: ["SecAggBench"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]
        ),
        .target(name: "SecAggPrimitives", dependencies: ["CSodium"]),
        .target(name: "SecAggBigInt", dependencies: ["CGMP", "SecAggPrimitives"]),
        .target(name: "SecAggPaillier", dependencies: ["CGMP", "SecAggPrimitives", "SecAggBigInt"]),
        .target(name: "SecAggProtocol", dependencies: ["SecAggPrimitives"]),
        .target(name: "SecAggConformance", dependencies: ["SecAggPrimitives", "SecAggBigInt", "SecAggPaillier"]),
        .target(
            name: "SecAggBenchmarks", dependencies: ["CSodium", "SecAggPrimitives", "SecAggBigInt", "SecAggPaillier"]),
        .executableTarget(name: "SecAggCLI", dependencies: ["SecAggConformance", "SecAggBenchmarks"]),
        .executableTarget(name: "SecAggBench", dependencies: ["SecAggBenchmarks"]),
        .testTarget(name: "SecAggPrimitivesTests", dependencies: ["CSodium", "SecAggPrimitives"]),
        .testTarget(name: "SecAggBigIntTests", dependencies: ["SecAggBigInt"]),
        .testTarget(name: "SecAggConformanceTests", dependencies: ["SecAggConformance"]),
        .testTarget(name: "SecAggProtocolTests", dependencies: ["SecAggProtocol"]),
        .testTarget(name: "SecAggPaillierTests", dependencies: ["SecAggPaillier", "SecAggConformance"]),
    ]
)
