// swift-tools-version:6.0
import PackageDescription

// Modules, with one direction of dependence:
//   TabregNumerics <- TabregData, TabregNetwork, TabregLinear <- TabregModel
//   <- TabregExperiment <- TabregReport <- TabregCLI <- tabreg (one-line executable)
let package = Package(
    name: "tabreg",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tabreg", targets: ["tabreg"]),
        .library(name: "Tabreg", targets: ["Tabreg"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The hot kernels in C with per-function target attributes and runtime dispatch, so a
        // plain `swift build -c release` runs AVX-512 / AVX2+FMA / NEON code without flags.
        .target(
            name: "CTabregKernels",
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "TabregNumerics", dependencies: ["CTabregKernels"]),
        // The one-pass reader of plain CSV rows (C: see its header for why).
        .target(name: "CTabregCSV"),
        .target(name: "TabregData", dependencies: ["TabregNumerics", "CTabregCSV"]),
        .target(name: "TabregNetwork", dependencies: ["TabregNumerics"]),
        .target(name: "TabregLinear", dependencies: ["TabregNumerics"]),
        .target(
            name: "TabregModel",
            dependencies: [
                "CTabregKernels", "TabregNumerics", "TabregData", "TabregNetwork", "TabregLinear",
            ]),
        .target(
            name: "TabregExperiment",
            dependencies: [
                "TabregNumerics", "TabregData", "TabregNetwork", "TabregLinear", "TabregModel",
            ]),
        .target(name: "TabregReport", dependencies: ["TabregExperiment"]),
        // The front door for Swift users: `import Tabreg` re-exports every library module.
        .target(
            name: "Tabreg",
            dependencies: [
                "TabregNumerics", "TabregData", "TabregNetwork", "TabregLinear", "TabregModel",
                "TabregExperiment", "TabregReport",
            ]),
        .target(
            name: "TabregCLI",
            dependencies: [
                "TabregExperiment", "TabregReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "tabreg", dependencies: ["TabregCLI"]),
        .executableTarget(
            name: "CSVBenchmark", dependencies: ["TabregData"], path: "Benchmarks/CSVBenchmark"),

        .testTarget(
            name: "TabregNumericsTests", dependencies: ["TabregNumerics", "CTabregKernels"]),
        .testTarget(
            name: "TabregDataTests", dependencies: ["TabregData", "CTabregCSV"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TabregNetworkTests", dependencies: ["TabregNetwork", "TabregData"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TabregLinearTests", dependencies: ["TabregLinear", "TabregData"]),
        .testTarget(
            name: "TabregModelTests",
            dependencies: ["TabregModel", "TabregData", "TabregNetwork", "TabregNumerics"]),
        .testTarget(name: "TabregExperimentTests", dependencies: ["TabregExperiment"]),
        .testTarget(name: "TabregReportTests", dependencies: ["TabregReport", "Tabreg"]),
        .testTarget(name: "TabregCLITests", dependencies: ["TabregCLI", "Tabreg"]),
    ],
    swiftLanguageModes: [.v6]
)
