import Foundation
import OkikKit
import OkikKubeClient
import OkikTesting
import Testing

/// The ConfigMap data's parse and render, the one place both the mirror and `okikctl` use.
@Suite("ControlConfigMap")
struct ControlConfigMapTests {
    @Test func renderThenParseKeepsEverySwitch() {
        let state = ControlState(
            version: 7, level: .l3, automationEnabled: false, emergencyStop: true, emergencyStopReason: "drill",
            changedBy: "human:alice", changedAt: Date(timeIntervalSince1970: 1_750_000_000))
        let record = ControlConfigMap.parse(ControlConfigMap.data(for: state))
        #expect(record == ControlRecord(
            emergencyStop: true, emergencyStopReason: "drill", level: .l3, automationEnabled: false, version: 7,
            changedBy: "human:alice", changedAt: state.changedAt))
        #expect(ControlConfigMap.data(for: state)["changedAt"] == "2025-06-15T15:06:40Z")
    }

    @Test func valuesThatDoNotParseAreNamedAndLeftOut() {
        let record = ControlConfigMap.parse(["level": "L9", "emergencyStop": "maybe", "automationEnabled": "TRUE"])
        #expect(record.level == nil)
        #expect(record.emergencyStop == nil)
        #expect(record.automationEnabled == true)
        #expect(record.problems.map(\.description).sorted() == [
            "emergencyStop: \"maybe\" is not true or false; ignored", "level: \"L9\" is not one of L0 ... L4; ignored",
        ])
    }

    @Test func setEmergencyStopCreatesTheConfigMapThenChangesOnlyTheStopKeys() async throws {
        try await withSimulator { _, client in
            _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: "okik-system")))
            let created = try await ControlConfigMap.setEmergencyStop(true, reason: "drill", by: operatorHuman, client: client)
            #expect(created.emergencyStop == true)
            #expect(created.emergencyStopReason == "drill")
            #expect(created.level == nil)
            let configMaps = client.namespaced(ConfigMap.self, in: .named("okik-system"))
            var object = try await configMaps.get("okik-control")
            #expect(object.metadata.labels == ControlConfigMap.labels)
            object.data?["level"] = "L3"
            _ = try await configMaps.update(object)
            let lifted = try await ControlConfigMap.setEmergencyStop(false, reason: "", by: Caller(.human, "bob"), client: client)
            #expect(lifted.emergencyStop == false)
            #expect(lifted.emergencyStopReason == nil)
            #expect(lifted.level == .l3)
            #expect(lifted.changedBy == "human:bob")
            #expect(try await ControlConfigMap.read(client: client) == lifted)
        }
    }

    @Test func concurrentWritersBothSucceed() async throws {
        try await withSimulator { _, client in
            _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: "okik-system")))
            try await ControlConfigMap.setEmergencyStop(false, reason: "", by: operatorHuman, client: client)
            async let first = ControlConfigMap.setEmergencyStop(true, reason: "a", by: operatorHuman, client: client)
            async let second = ControlConfigMap.setEmergencyStop(true, reason: "b", by: operatorHuman, client: client)
            _ = try await (first, second)
            let record = try #require(try await ControlConfigMap.read(client: client))
            #expect(record.emergencyStop == true)
            #expect(["a", "b"].contains(record.emergencyStopReason ?? ""))
        }
    }

    @Test func aReferenceIsNamespaceSlashName() {
        let parsed = ControlMirrorConfiguration(reference: "ops/okik-switches")
        #expect(parsed?.namespace == "ops")
        #expect(parsed?.name == "okik-switches")
        for bad in ["okik-control", "/okik-control", "okik-system/", "a/b/c", ""] {
            #expect(ControlMirrorConfiguration(reference: bad) == nil, "\(bad)")
        }
    }
}
