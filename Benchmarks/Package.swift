// swift-tools-version:6.1

// Keyward's benchmarks, as their own package (like swift-nio's Benchmarks/),
// so the main package does not depend on ordo-one/benchmark.
//
//     cd Benchmarks
//     swift package -c release benchmark
//     swift package -c release benchmark thresholds check
//     swift package -c release --allow-writing-to-package-directory benchmark thresholds update
//
// See docs/benchmarks.md.

import PackageDescription

/// A path dependency is known by its folder's name, which a clone chooses
/// (`main`, `keyward`, ...), not by the name its manifest gives.
let keyward = Context.packageDirectory.split(separator: "/").dropLast().last.map { String($0).lowercased() } ?? "keyward"

let package = Package(
    name: "KeywardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // On Swift 6.3 the MallocInterposer trait gives malloc counts without jemalloc;
        // naming it alone also leaves out the Linux ARC runtime interposer, which the
        // local package mirror does not carry.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "VerificationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeywardCore", package: keyward),
                .product(name: "KeywardStore", package: keyward),
            ],
            path: "Benchmarks/VerificationBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "ControlBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeywardCore", package: keyward),
                .product(name: "KeywardStore", package: keyward),
                .product(name: "KeywardEngine", package: keyward),
                .product(name: "KeywardVault", package: keyward),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ControlBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "AuditBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KeywardCore", package: keyward),
                .product(name: "KeywardStore", package: keyward),
                .product(name: "KeywardEngine", package: keyward),
            ],
            path: "Benchmarks/AuditBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
    ]
)
