// swift-tools-version: 6.1
// OKIK: Orchestrated Kubernetes Intelligence Kernel.
import PackageDescription

/// Settings shared by every target of our own.
let swiftSettings: [SwiftSetting] = [
    // SE-0335: existential `any` spelled out.
    .enableUpcomingFeature("ExistentialAny"),
    // SE-0444: a file sees only what it imports.
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "okik",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OkikYAML", targets: ["OkikYAML"]),
        .library(name: "OkikKubeClient", targets: ["OkikKubeClient"]),
        .library(name: "OkikLLM", targets: ["OkikLLM"]),
        .library(name: "OkikKit", targets: ["OkikKit"]),
        .library(name: "OkikSimulator", targets: ["OkikSimulator"]),
        .library(name: "OkikTesting", targets: ["OkikTesting"]),
        .executable(name: "okikctl", targets: ["okikctl"]),
        .library(name: "OkikServer", targets: ["OkikServer"]),
        .executable(name: "okik-server", targets: ["okik-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", exact: "0.12.1"),
        // FileDescriptor for the MCP SDK's stdio transport in the okikctl tests
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
    ],
    targets: [
        // Libraries
        .target(
            name: "OkikYAML",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OkikKubeClient",
            dependencies: [
                "OkikYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OkikLLM",
            dependencies: [
                "OkikYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OkikKit",
            dependencies: [
                "OkikKubeClient",
                "OkikLLM",
                "OkikYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OkikSimulator",
            dependencies: [
                "OkikKubeClient",
                "OkikYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "OkikServer",
            dependencies: [
                "OkikKit",
                "OkikLLM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            resources: [.embedInCode("openapi.json")],
            swiftSettings: swiftSettings
        ),

        // Test support for tests, examples and benchmarks: a scripted chat model, a scripted provider server, a
        // simulated cluster, and the server benchmark with its load generator
        .target(
            name: "OkikTesting",
            dependencies: [
                "OkikKit",
                "OkikKubeClient",
                "OkikLLM",
                "OkikServer",
                "OkikSimulator",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // Executables
        .executableTarget(
            name: "okikctl",
            dependencies: [
                "OkikKit",
                "OkikLLM",
                "OkikServer",
                "OkikSimulator",
                "OkikTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "okik-server",
            dependencies: [
                "OkikKit",
                "OkikLLM",
                "OkikServer",
                "OkikSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/okik-server",
            swiftSettings: swiftSettings
        ),

        // Examples
        .executableTarget(
            name: "ListPods",
            dependencies: [
                "OkikKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/ListPods",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CustomTool",
            dependencies: [
                "OkikKit",
                "OkikSimulator",
                "OkikTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/CustomTool",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CustomCheck",
            dependencies: [
                "OkikKit",
                "OkikSimulator",
                "OkikTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/CustomCheck",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AgentLoop",
            dependencies: [
                "OkikKit",
                "OkikLLM",
                "OkikSimulator",
                "OkikTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/AgentLoop",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AskOneQuestion",
            dependencies: ["OkikLLM"],
            path: "Examples/AskOneQuestion",
            swiftSettings: swiftSettings
        ),

        // Drills: programs the tests start as separate processes (two OKIK processes on one database, kill -9)
        .executableTarget(
            name: "okik-approval-drill",
            dependencies: [
                "OkikKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Drills/ApprovalDrill",
            swiftSettings: swiftSettings
        ),

        // Tests
        .testTarget(
            name: "OkikYAMLTests",
            dependencies: ["OkikYAML"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OkikKubeClientTests",
            dependencies: [
                "OkikKubeClient",
                "OkikSimulator",
                "OkikTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OkikLLMTests",
            dependencies: [
                "OkikLLM",
                "OkikTesting",
                "OkikYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OkikKitTests",
            dependencies: [
                "OkikKit",
                "OkikKubeClient",
                "OkikLLM",
                "OkikSimulator",
                "OkikTesting",
                "OkikYAML",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OkikctlTests",
            // Runs the okikctl binary, which `swift test` (and `swift build --build-tests`) builds with the package.
            dependencies: [
                "OkikKit",
                "OkikServer",
                "OkikSimulator",
                "OkikTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OkikServerTests",
            dependencies: [
                "OkikServer",
                "OkikTesting",
                "OkikKit",
                "OkikLLM",
                "OkikKubeClient",
                "OkikSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OkikSimulatorTests",
            dependencies: [
                "OkikSimulator",
                "OkikKubeClient",
                "OkikTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
