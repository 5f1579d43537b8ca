// swift-tools-version: 6.0
import PackageDescription

// Layers, lowest first. A target depends only on targets listed above it.
//   CSodium, CGMP          system libraries (libsodium, GMP)
//   SecAggPrimitives       libsodium wrappers: randomness, secrets, hashes, KDF, X25519, Ed25519, AEAD,
//                          ChaCha20 keystream, ristretto255
//   SecAggBigInt           GMP big integers
//   SecAggShamir           Shamir secret sharing over the ristretto255 scalar field, Feldman commitments,
//                          robust and batched reconstruction
//   SecAggPaillier         Paillier encryption: keys, packing, threshold decryption, wire and JSON formats
//   SecAggMasking          quantization into Z_R, mask keys and expansion, parameter planner, sparse graph
//   SecAggProtocol         the secure-aggregation protocol: wire format, provider and aggregator state machines,
//                          transcripts and their audit
//   SecAggLearning         CSV datasets, splits, partitions, linear models, SGD and plaintext federated
//                          averaging; pure Swift and Foundation, no crypto dependency
//   SecAggRewards          token amounts, per-round reward distribution and the reward ledger; pure Swift and
//                          Foundation, no crypto dependency
//   SecAggFederated        training tasks, the federated training driver, verification, fraud log and rewards
//   SecAggConformance      known-answer vector loader and runners, shared by the tests and the tool
//   SecAggToolSupport      standard-stream writes and output-path checks shared by the command-line tools
//   SecAggBenchmarks       benchmark suite, shared by `secagg bench` and `secagg-bench`
//   SecAggFuzzTargets      fuzz-target bodies, shared by the libFuzzer executables in Fuzz/ and the corpus
//                          replay in the test suite
//   secagg, secagg-bench   command-line tools
let package = Package(
    name: "SecureAggregation",
    products: [
        .library(name: "SecAggPrimitives", targets: ["SecAggPrimitives"]),
        .library(name: "SecAggBigInt", targets: ["SecAggBigInt"]),
        .library(name: "SecAggShamir", targets: ["SecAggShamir"]),
        .library(name: "SecAggPaillier", targets: ["SecAggPaillier"]),
        .library(name: "SecAggMasking", targets: ["SecAggMasking"]),
        .library(name: "SecAggProtocol", targets: ["SecAggProtocol"]),
        .library(name: "SecAggLearning", targets: ["SecAggLearning"]),
        .library(name: "SecAggRewards", targets: ["SecAggRewards"]),
        .library(name: "SecAggFederated", targets: ["SecAggFederated"]),
        .library(name: "SecAggConformance", targets: ["SecAggConformance"]),
        .library(name: "SecAggFuzzTargets", targets: ["SecAggFuzzTargets"]),
        .executable(name: "secagg", targets: ["SecAggCLI"]),
        .executable(name: "secagg-bench", targets: ["SecAggBench"]),
    ],
    targets: [
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"])]),

        .target(name: "SecAggPrimitives", dependencies: ["CSodium"]),
        .target(name: "SecAggBigInt", dependencies: ["CGMP", "SecAggPrimitives"]),
        .target(name: "SecAggShamir", dependencies: ["SecAggPrimitives"]),
        .target(name: "SecAggPaillier", dependencies: ["CGMP", "SecAggPrimitives", "SecAggBigInt"]),
        .target(name: "SecAggMasking", dependencies: ["SecAggPrimitives"]),
        .target(name: "SecAggProtocol", dependencies: ["SecAggPrimitives", "SecAggShamir", "SecAggMasking"]),
        .target(name: "SecAggLearning"),
        .target(name: "SecAggRewards"),
        .target(
            name: "SecAggFederated",
            dependencies: [
                "SecAggPrimitives", "SecAggBigInt", "SecAggPaillier", "SecAggMasking", "SecAggProtocol",
                "SecAggLearning",
                "SecAggRewards",
            ]),
        .target(
            name: "SecAggConformance",
            dependencies: [
                "SecAggPrimitives", "SecAggBigInt", "SecAggShamir", "SecAggMasking", "SecAggProtocol", "SecAggPaillier",
            ]),
        .target(name: "SecAggToolSupport"),
        .target(
            name: "SecAggBenchmarks",
            dependencies: [
                "SecAggToolSupport", "CSodium", "SecAggPrimitives", "SecAggBigInt", "SecAggShamir", "SecAggMasking",
                "SecAggProtocol",
                "SecAggPaillier",
            ]),
        .target(
            name: "SecAggFuzzTargets",
            dependencies: [
                "SecAggPrimitives", "SecAggBigInt", "SecAggShamir", "SecAggPaillier", "SecAggMasking", "SecAggProtocol",
                "SecAggLearning", "SecAggFederated", "SecAggConformance",
            ]),
        .executableTarget(
            name: "SecAggCLI",
            dependencies: [
                "SecAggPrimitives", "SecAggProtocol", "SecAggLearning", "SecAggRewards", "SecAggFederated",
                "SecAggConformance", "SecAggBenchmarks", "SecAggToolSupport",
            ]),
        .executableTarget(name: "SecAggBench", dependencies: ["SecAggBenchmarks"]),

        .testTarget(name: "SecAggPrimitivesTests", dependencies: ["CSodium", "SecAggPrimitives"]),
        .testTarget(name: "SecAggBigIntTests", dependencies: ["SecAggBigInt"]),
        .testTarget(name: "SecAggShamirTests", dependencies: ["SecAggShamir", "SecAggConformance"]),
        .testTarget(name: "SecAggMaskingTests", dependencies: ["SecAggMasking", "SecAggConformance"]),
        .testTarget(name: "SecAggProtocolTests", dependencies: ["SecAggProtocol", "SecAggConformance"]),
        .testTarget(name: "SecAggLearningTests", dependencies: ["SecAggLearning", "SecAggPrimitives"]),
        .testTarget(name: "SecAggRewardsTests", dependencies: ["SecAggRewards", "SecAggPrimitives"]),
        .testTarget(
            name: "SecAggFederatedTests",
            dependencies: ["SecAggFederated", "SecAggLearning", "SecAggPrimitives", "SecAggProtocol", "SecAggRewards"]),
        .testTarget(name: "SecAggConformanceTests", dependencies: ["SecAggConformance"]),
        .testTarget(name: "SecAggCLITests", dependencies: ["SecAggCLI"]),
        .testTarget(name: "SecAggPaillierTests", dependencies: ["SecAggPaillier", "SecAggConformance"]),
        .testTarget(name: "SecAggFuzzRegressionTests", dependencies: ["SecAggFuzzTargets"]),
        .testTarget(
            name: "SecAggHostileInputTests",
            dependencies: [
                "SecAggPrimitives", "SecAggBigInt", "SecAggShamir", "SecAggPaillier", "SecAggMasking", "SecAggProtocol",
                "SecAggLearning", "SecAggFederated", "SecAggConformance",
            ]),
    ]
)
