import Foundation
import OkikKit
import Testing

/// `Deploy/Dockerfile` cannot be built here (no container engine), so its text is checked: the binaries it builds,
/// the runtime packages, the non-root user the manifests expect, the entrypoint and the port. And the build does not
/// depend on the build machine (no allocator probe in Package.swift).
@Suite("Dockerfile")
struct DockerfileTests {
    static let root = DeploymentAssertions.repositoryRoot

    static func instructions() throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("Deploy/Dockerfile"), encoding: .utf8)
        // Continuation lines joined, comments dropped.
        return text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    @Test func itBuildsBothBinariesStaticallyOnSwift63Bookworm() throws {
        let lines = try Self.instructions()
        let stages = lines.filter { $0.hasPrefix("FROM ") }
        #expect(stages == ["FROM swift:6.3-bookworm AS build", "FROM debian:bookworm-slim"])
        let builds = lines.filter { $0.contains("swift build") }.joined(separator: " ")
        #expect(builds.contains("-c release"))
        #expect(builds.contains("--static-swift-stdlib"))
        #expect(builds.contains("--product okik-server") && builds.contains("--product okikctl"))
        let buildStage = lines.prefix { $0 != "FROM debian:bookworm-slim" }.joined(separator: " ")
        #expect(buildStage.contains("libsqlite3-dev") && buildStage.contains("libcurl4-openssl-dev"))
    }

    @Test func theRuntimeIsSlimNonRootAndRunsOkikServer() throws {
        let lines = try Self.instructions()
        let runtime = Array(lines.drop { $0 != "FROM debian:bookworm-slim" })
        let installs = runtime.filter { $0.contains("apt-get install") }.joined(separator: " ")
        for package in ["libsqlite3-0", "libcurl4", "ca-certificates"] {
            #expect(installs.split(separator: " ").contains(Substring(package)), "the runtime installs \(package)")
        }
        #expect(installs.contains("--no-install-recommends"))
        let user = OkikDeployment.userID
        #expect(runtime.contains("USER \(user):\(user)"), "the numeric user the Deployment's runAsUser names")
        #expect(runtime.contains { $0.contains("useradd") && $0.contains("--uid \(user)") })
        #expect(runtime.contains("ENTRYPOINT [\"/usr/local/bin/okik-server\"]"))
        #expect(runtime.contains("EXPOSE \(OkikInstallation.port)"))
        #expect(runtime.contains { $0.hasPrefix("COPY --from=build") && $0.contains("okik-server") && $0.contains("okikctl") })
        #expect(runtime.last?.hasPrefix("ENTRYPOINT") == true || runtime.last?.hasPrefix("CMD") == true)
        #expect(!runtime.contains { $0.hasPrefix("USER root") || $0 == "USER 0" })
    }

    @Test func packageSwiftDoesNotProbeTheBuildMachine() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(!manifest.contains("jemalloc"))
        #expect(!manifest.contains("fileExists"))
        #expect(!manifest.contains("linkedLibrary"))
    }
}
