// swift-tools-version: 6.0
// libFuzzer targets for heml's readers, kept out of the main package so `swift build` and `swift test` never build
// them. Build and run with `make fuzz` (scripts/fuzz.sh), which passes -sanitize=fuzzer,address.
import Foundation
import PackageDescription

// A path dependency is named after its folder (`heml` in a clone, anything in a worktree).
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "heml-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        // One binary for every target (HEML_FUZZ_TARGET chooses), so the sanitized build links once.
        .executableTarget(
            name: "heml-fuzz",
            dependencies: [
                .product(name: "CKKS", package: root), .product(name: "HEML", package: root),
                .product(name: "HEMLWorkflow", package: root),
            ]
        )
    ]
)
