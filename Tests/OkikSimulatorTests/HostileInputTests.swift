import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// Input meant to hurt: YAML alias bombs at every YAML entry point of the simulator.
@Suite struct HostileInputTests {
    /// Nine levels of nine aliases: about 700 bytes that stand for 387 million strings.
    static let billionLaughs = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: lol}
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        data: {bomb: *h}

        """

    // MARK: - YAML alias bombs

    @Test func yamlRequestBodiesWithAliasBombsAreRefused() async throws {
        try await Simulator.with { sim in
            let created = try await sim.http(
                "POST", "/api/v1/namespaces/default/configmaps", body: Self.billionLaughs, contentType: "application/yaml")
            #expect(created.status == 400, "\(created.body)")
            #expect(created.json["reason"] == "BadRequest")
            #expect(created.json["message"]?.stringValue?.contains("SafeYAML.Limits.maxAliasExpansions") == true)
            let applied = try await sim.http(
                "PATCH", "/api/v1/namespaces/default/configmaps/lol?fieldManager=test", body: Self.billionLaughs,
                contentType: "application/apply-patch+yaml")
            #expect(applied.status == 400, "\(applied.body)")
            #expect(applied.json["message"]?.stringValue?.contains("alias expansions") == true)
            // Ordinary YAML with an anchor still works.
            let anchored = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, labels: &l {app: web}}\ndata: {copy: x}\n"
            let fine = try await sim.http(
                "POST", "/api/v1/namespaces/default/configmaps", body: anchored, contentType: "application/yaml")
            #expect(fine.status == 201, "\(fine.body)")
        }
    }

    @Test func manifestFilesWithAliasBombsAreRefused() throws {
        // What `okikctl sim apply -f` reads.
        let error = #expect(throws: ManifestError.self) {
            try ManifestLoader.parse(Self.billionLaughs, source: "bomb.yaml")
        }
        #expect(error?.source == "bomb.yaml")
        #expect(error?.message.contains("SafeYAML.Limits.maxAliasExpansions") == true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-bomb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bomb.yaml")
        try Self.billionLaughs.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ManifestError.self) { try ManifestLoader.load(path: directory.path) }
    }

    @Test func scenarioFilesWithAliasBombsAreRefused() throws {
        // What `okikctl sim start --scenario FILE` and `okikctl optimise --sim FILE` load.
        let scenario = Self.billionLaughs.replacingOccurrences(
            of: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n", with: "name: bomb\ndescription: x\n")
        let error = #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: scenario) }
        #expect(error?.message.contains("SafeYAML.Limits.maxAliasExpansions") == true)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("okik-bomb-\(UUID().uuidString).yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ScenarioError.self) { try Scenario.load(file.path) }
    }
}
