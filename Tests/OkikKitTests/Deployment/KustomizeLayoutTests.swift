import Foundation
import OkikKit
import Testing

/// `Deploy/kustomize` is generated from ``OkikDeployment`` (``KustomizeLayout/files()``): the committed files must be
/// exactly what the generator renders. `OKIK_REGENERATE_KUSTOMIZE=1 swift test --filter KustomizeLayoutTests`
/// rewrites them.
@Suite("Kustomize layout")
struct KustomizeLayoutTests {
    static let directory = DeploymentAssertions.repositoryRoot.appendingPathComponent("Deploy/kustomize")
    static let regenerate = ProcessInfo.processInfo.environment["OKIK_REGENERATE_KUSTOMIZE"] == "1"
    static let howToRegenerate = "regenerate with OKIK_REGENERATE_KUSTOMIZE=1 swift test --filter KustomizeLayoutTests, then commit"

    @Test func theCommittedFilesAreExactlyTheGeneratedOnes() throws {
        let files = KustomizeLayout.files()
        if Self.regenerate {
            for (path, text) in files {
                let url = Self.directory.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
        }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let url = Self.directory.appendingPathComponent(path)
            let committed = try? Data(contentsOf: url)
            #expect(committed == Data(text.utf8), "Deploy/kustomize/\(path) differs from the generator's: \(Self.howToRegenerate)")
        }
        // No YAML is left over from an older layout.
        let enumerator = FileManager.default.enumerator(at: Self.directory, includingPropertiesForKeys: nil)
        var stale: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "yaml" else { continue }
            let relative = String(url.path.dropFirst(Self.directory.path.count + 1))
            if files[relative] == nil { stale.append(relative) }
        }
        #expect(stale.isEmpty, "Deploy/kustomize holds files the generator no longer renders: \(stale); delete them")
    }

    @Test func theUsersSecretFilesAreNeverCommitted() throws {
        let ignore = try String(contentsOf: Self.directory.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(ignore.contains(KustomizeLayout.tokensFile) && ignore.contains(KustomizeLayout.apiKeyFile))
        for path in ["base/\(KustomizeLayout.tokensFile)", "overlays/agent/\(KustomizeLayout.apiKeyFile)"] {
            #expect(!KustomizeLayout.files().keys.contains(path))
        }
        let base = try #require(KustomizeLayout.files()["base/kustomization.yaml"])
        #expect(base.contains("tokens=tokens.txt") && base.contains("disableNameSuffixHash: true"))
        let agent = try #require(KustomizeLayout.files()["overlays/agent/kustomization.yaml"])
        #expect(agent.contains("api-key=api-key.txt") && agent.contains("- ../../base\n"))
    }
}
