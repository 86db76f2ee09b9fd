// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Sluice", targets: ["Sluice"]),
        .library(name: "SluiceSQL", targets: ["SluiceSQL"]),
        .library(name: "SluiceSQLite", targets: ["SluiceSQLite"]),
        .library(name: "SluicePostgres", targets: ["SluicePostgres"]),
        .library(name: "SluiceMySQL", targets: ["SluiceMySQL"]),
        .library(name: "SluiceExpression", targets: ["SluiceExpression"]),
        .library(name: "SluiceJSL", targets: ["SluiceJSL"]),
        .library(name: "SluiceFiles", targets: ["SluiceFiles"]),
        .library(name: "SluiceParquet", targets: ["SluiceParquet"]),
        .library(name: "SluiceParquetComponents", targets: ["SluiceParquetComponents"]),
        .library(name: "SluiceCLI", targets: ["SluiceCLI"]),
        .library(name: "SluiceDNS", targets: ["SluiceDNS"]),
        .library(name: "SluiceObservability", targets: ["SluiceObservability"]),
        .library(name: "SluiceHTTPProxy", targets: ["SluiceHTTPProxy"]),
        .library(name: "SluiceHTTP", targets: ["SluiceHTTP"]),
        .library(name: "SluiceTestSupport", targets: ["SluiceTestSupport"]),
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "sluice-bench", targets: ["sluice-bench"]),
    ],
    traits: [
        .trait(name: "Zlib", description: "GZIP page compression in SluiceParquet, through the system zlib (Debian: zlib1g-dev)."),
        .trait(name: "Zstd", description: "ZSTD page compression in SluiceParquet, through the system libzstd (Debian: libzstd-dev)."),
        .trait(name: "MySQL", description: "MySQL and MariaDB through MariaDB Connector/C (Debian libmariadb-dev)."),
        .default(enabledTraits: ["Zlib"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "Sluice",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(name: "SluiceExpression", dependencies: ["Sluice"]),
        .target(
            name: "SluiceObservability",
            dependencies: [
                "Sluice",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "SluiceJSL",
            dependencies: [
                "Sluice", "SluiceExpression",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SluiceFiles", dependencies: ["Sluice", .product(name: "Logging", package: "swift-log")]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]),
        .target(
            name: "SluiceParquet",
            dependencies: [
                .target(name: "CZlib", condition: .when(traits: ["Zlib"])),
                .target(name: "CZstd", condition: .when(traits: ["Zstd"])),
            ]
        ),
        .target(
            name: "SluiceDNS",
            dependencies: [
                "Sluice",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "SluiceHTTPProxy",
            dependencies: [
                "Sluice", "SluiceDNS", "SluiceHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "SluiceHTTP",
            dependencies: [
                "Sluice", "SluiceDNS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SluiceParquetComponents", dependencies: ["Sluice", "SluiceParquet"]),
        .target(
            name: "SluiceCLI",
            dependencies: [
                "Sluice", "SluiceExpression", "SluiceJSL", "SluiceFiles", "SluiceParquetComponents", "SluiceSQL", "SluiceSQLite", "SluicePostgres", "SluiceMySQL", "SluiceDNS",
                "SluiceObservability",
                .product(name: "NIOPosix", package: "swift-nio"),
                "SluiceHTTPProxy", "SluiceHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "sluice", dependencies: ["Sluice", "SluiceCLI"]),
        .target(
            name: "SluiceSQL",
            dependencies: [
                "Sluice",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SluiceSQLite",
            dependencies: [
                "SluiceSQL",
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SluicePostgres",
            dependencies: [
                "SluiceSQL",
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .target(
            name: "SluiceMySQL",
            dependencies: [
                "SluiceSQL",
                .target(name: "CMariaDB", condition: .when(traits: ["MySQL"])),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SluiceTestSupport",
            dependencies: ["Sluice", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "sluice-bench",
            dependencies: [
                "Sluice", "SluiceFiles", "SluiceParquetComponents", "SluiceSQL", "SluiceSQLite", "SluicePostgres", "SluiceMySQL", "SluiceDNS",
                "SluiceObservability",
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                "SluiceHTTPProxy", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "sluice-example-core",
            dependencies: ["Sluice", .product(name: "Logging", package: "swift-log")],
            path: "Examples/core"
        ),
        .executableTarget(
            name: "sluice-test-sql-job",
            dependencies: ["Sluice", "SluiceSQL", "SluiceSQLite", "SluicePostgres", "SluiceMySQL", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Harness/sql-job"
        ),
        .testTarget(
            name: "SluiceSQLTests",
            dependencies: [
                "Sluice", "SluiceSQL", "SluiceSQLite", "SluicePostgres", "SluiceMySQL", "SluiceTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "SluiceDNSTests",
            dependencies: [
                "SluiceDNS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "SluiceObservabilityTests",
            dependencies: [
                "SluiceObservability", "SluiceDNS",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SluiceHTTPProxyTests",
            dependencies: [
                "Sluice", "SluiceHTTPProxy", "SluiceDNS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "SluiceHTTPTests",
            dependencies: [
                "Sluice", "SluiceHTTP", "SluiceDNS", "SluiceHTTPProxy", "SluiceJSL", "SluiceTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "SluiceExpressionTests", dependencies: ["Sluice", "SluiceExpression"]),
        .testTarget(name: "SluiceJSLTests", dependencies: ["Sluice", "SluiceJSL", "SluiceExpression", "SluiceTestSupport"]),
        .testTarget(name: "SluiceParquetTests", dependencies: ["SluiceParquet"]),
        .testTarget(name: "SluiceParquetComponentsTests", dependencies: ["Sluice", "SluiceParquet", "SluiceParquetComponents"]),
        .testTarget(name: "SluiceFilesTests", dependencies: ["Sluice", "SluiceFiles", "SluiceTestSupport"]),
        .testTarget(
            name: "SluiceCLITests",
            dependencies: ["Sluice", "SluiceCLI", "SluiceJSL", "SluiceSQL", "SluiceSQLite", "SluicePostgres", "SluiceHTTPProxy", "SluiceTestSupport"]
        ),
        .testTarget(name: "SluiceIntegrationTests", dependencies: ["Sluice", "SluiceSQL", "SluicePostgres"]),
        .testTarget(
            name: "SluiceTests",
            dependencies: [
                "Sluice",
                "SluiceTestSupport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
