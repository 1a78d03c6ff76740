// swift-tools-version: 6.1
// heml: homomorphic-encryption toolkit for machine learning (RNS-CKKS in Swift, hot arithmetic in C).
import PackageDescription

let package = Package(
    name: "heml",
    products: [
        .library(name: "HERing", targets: ["HERing"]),
        .library(name: "CKKS", targets: ["CKKS"]),
        .library(name: "HEML", targets: ["HEML"]),
        .library(name: "HEMLWorkflow", targets: ["HEMLWorkflow"]),
        .library(name: "HEMLServe", targets: ["HEMLServe"]),
        .executable(name: "heml-bench", targets: ["heml-bench"]),
        .executable(name: "heml", targets: ["HemlCLI"]),
    ],
    // `swift build --traits MPI`: `heml train --workers mpi` under mpirun (Open MPI: scripts/install-deps.sh).
    traits: [.trait(name: "MPI", description: "Distributed training across processes with MPI (needs Open MPI).")],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        // `heml serve` only (HEMLServe); no default traits (no swift-configuration).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // `swift package generate-documentation --target HEML` (DocC catalogs in Sources/*/*.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C11 kernels: modular arithmetic, NTT, RNS base conversion, automorphisms, CRT (GMP).
        .target(
            name: "CKernels",
            path: "CKernels",
            sources: ["src"],
            publicHeadersPath: "include",
            cSettings: [.unsafeFlags(["-O3"])],
            linkerSettings: [.linkedLibrary("gmp"), .linkedLibrary("fftw3"), .linkedLibrary("m")]
        ),
        // Ring layer: RNS bases, RNS polynomials, NTT tables, samplers. The only Swift code that calls C.
        .target(name: "HERing", dependencies: ["CKernels"]),
        // CKKS: parameters, keys, encoding, encryption, evaluation, serialization.
        .target(
            name: "CKKS",
            dependencies: [
                "HERing",
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(name: "HEML", dependencies: ["CKKS"]),
        // The roles and the files they exchange: containers, public bundle, secret key, encrypted data and model,
        // owner state; key generation, encryption, server training, decryption, comparison with the twins.
        .target(
            name: "HEMLWorkflow",
            dependencies: ["HEML", "CKKS", .target(name: "CMPIShim", condition: .when(traits: ["MPI"]))]),
        // MPI behind plain C functions (no MPI type crosses it); MPI itself found through pkg-config.
        .systemLibrary(
            name: "CMPI", path: "CMPIShim/system", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .target(
            name: "CMPIShim", dependencies: ["CMPI"], path: "CMPIShim", sources: ["src"], publicHeadersPath: "include"),
        // Encrypted scoring over HTTP (`heml serve`): sessions of evaluation keys, bounded bodies, JSON errors.
        .target(
            name: "HEMLServe",
            dependencies: ["HEMLWorkflow", "HEML", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        // The executables' huge-page restart (no product: a library never restarts its host).
        .target(name: "HugePageRestart"),
        // The command-line tool: argument parsing, progress and printing around the workflow library.
        .executableTarget(
            name: "HemlCLI",
            dependencies: [
                "HEMLWorkflow", "HEML", "HEMLServe", "HugePageRestart",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/heml"
        ),
        // Benchmark harness (release builds): `heml-bench ntt`, `ckks`, `train` (parameter sweeps of encrypted training).
        .executableTarget(
            name: "heml-bench",
            dependencies: [
                "HERing",
                "CKKS",
                "HEML",
                "HEMLWorkflow",
                "HugePageRestart",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/heml-bench"
        ),
        // The README's library program: encrypted scoring across roles through the workflow's file formats.
        .executableTarget(
            name: "heml-scoring-example",
            dependencies: ["HEMLWorkflow", "HEML"],
            path: "Examples/heml-scoring-example"
        ),
        // Independent oracle for tests: NTL behind an extern "C" shim.
        .target(
            name: "NTLOracle",
            path: "Tests/NTLOracle",
            cxxSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("ntl"), .linkedLibrary("gmp")]
        ),
        .testTarget(name: "HERingTests", dependencies: ["HERing", "NTLOracle"]),
        .testTarget(name: "HEMLTests", dependencies: ["HEML"]),
        .testTarget(name: "HEMLWorkflowTests", dependencies: ["HEMLWorkflow", "HEML", "CKKS"]),
        .testTarget(name: "HEMLServeTests", dependencies: ["HEMLServe", "HEMLWorkflow", "HEML"]),
        // Runs the built `heml` executable as a subprocess.
        .testTarget(name: "HemlCLITests", dependencies: ["HEML"]),
        .testTarget(
            name: "CKKSTests", dependencies: ["CKKS", .product(name: "ComplexModule", package: "swift-numerics")]),
    ],
    cLanguageStandard: .c11,
    cxxLanguageStandard: .cxx17
)
