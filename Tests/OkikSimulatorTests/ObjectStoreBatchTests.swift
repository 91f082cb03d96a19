import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// `ObjectStore.createAll` and `modifyEach`: the batches the simulated cluster writes with must behave exactly like
/// one `create` (or `modifyAll`) after another, item by item.
struct ObjectStoreBatchTests {
    static let epoch = Date(timeIntervalSince1970: 1_750_000_000)

    static func store() async throws -> ObjectStore {
        let store = ObjectStore(now: { epoch })
        let namespace = store.registry.definition(apiVersion: "v1", kind: "Namespace")!
        try await store.create(namespace, namespace: nil, object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "default"]])
        return store
    }

    static var configMaps: ResourceDefinition { ResourceRegistry.standard.definition(apiVersion: "v1", kind: "ConfigMap")! }

    static func configMap(_ name: String, namespace: String = "default", generated: Bool = false) -> JSONValue {
        let metadata: JSONValue = generated
            ? ["generateName": .string(name), "namespace": .string(namespace), "labels": ["app": "batch"]]
            : ["name": .string(name), "namespace": .string(namespace), "labels": ["app": "batch"]]
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": ["index": .string(name)]]
    }

    @Test func batchStoresWhatOneCreateAfterAnotherStores() async throws {
        // Large enough to run on all cores.
        let objects = (0..<300).map { Self.configMap("item-\($0)", generated: $0 % 50 == 0) }
        let batched = try await Self.store()
        let results = await batched.createAll(Self.configMaps, objects.map { (nil, $0) })
        let single = try await Self.store()
        var expected: [StoredObject] = []
        for object in objects { expected.append(try await single.create(Self.configMaps, namespace: nil, object: object)) }

        #expect(results.count == objects.count)
        for (result, one) in zip(results, expected) {
            let stored = try result.get()
            #expect(stored.bytes == one.bytes, "\(stored.name)")
            #expect(stored.resourceVersion == one.resourceVersion)
        }
        let versions = try results.map { try $0.get().resourceVersion }
        #expect(versions == versions.sorted() && Set(versions).count == versions.count)
        #expect(await batched.currentRevision == versions.last)
        #expect(await batched.all(Self.configMaps).count == objects.count)
    }

    @Test func eachItemSucceedsOrFailsOnItsOwn() async throws {
        let store = try await Self.store()
        let before = await store.currentRevision
        let results = await store.createAll(Self.configMaps, [
            (nil, Self.configMap("first")),
            (nil, Self.configMap("first")),
            (nil, Self.configMap("Not_A_Name")),
            (nil, Self.configMap("elsewhere", namespace: "missing")),
            ("default", Self.configMap("second")),
        ])
        let codes = results.map { result -> Int in
            switch result {
            case .success: 201
            case .failure(let error): (error as? APIError)?.code ?? -1
            }
        }
        #expect(codes == [201, 409, 422, 404, 201])
        let created = results.compactMap { try? $0.get() }
        #expect(created.map(\.name) == ["first", "second"])
        // Failed items take no revision and no uid: the two objects are consecutive.
        #expect(created.map(\.resourceVersion) == [before + 1, before + 2])
        #expect(await store.currentRevision == before + 2)
        #expect(Set(created.map(\.uid)).count == 2)
        #expect(await store.all(Self.configMaps).map(\.name).sorted() == ["first", "second"])
    }

    @Test func dryRunStoresNothing() async throws {
        let store = try await Self.store()
        let before = await store.currentRevision
        let results = await store.createAll(Self.configMaps, [(nil, Self.configMap("a")), (nil, Self.configMap("b"))], dryRun: true)
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(await store.currentRevision == before)
        #expect(await store.all(Self.configMaps).isEmpty)
    }

    @Test func modifyEachStoresWhatOneModifyAfterAnotherStores() async throws {
        let objects = (0..<200).map { Self.configMap("item-\($0)") }
        let batched = try await Self.store()
        let single = try await Self.store()
        let original = try await batched.createAll(Self.configMaps, objects.map { (nil, $0) }).map { try $0.get() }
        _ = await single.createAll(Self.configMaps, objects.map { (nil, $0) })
        // Every third change writes what is already there (a no-op: no new revision).
        let changes = (0..<200).map { index in
            ObjectStore.ObjectChange(namespace: "default", name: "item-\(index)") { json in
                json["data"]?["index"] = .string(index % 3 == 0 ? "item-\(index)" : "changed-\(index)")
            }
        }
        let results = await batched.modifyEach(Self.configMaps, changes)
        var expected: [StoredObject] = []
        for change in changes {
            expected.append(try await single.modifyAll(Self.configMaps, namespace: change.namespace, name: change.name, change.change))
        }
        for (index, (result, one)) in zip(results, expected).enumerated() {
            let stored = try result.get()
            #expect(stored.bytes == one.bytes, "\(stored.name)")
            #expect(stored.resourceVersion == one.resourceVersion)
            if index % 3 == 0 {
                #expect(stored === original[index], "a no-op change returns the stored object as it was")
            } else {
                #expect(try stored.json().value(at: ["data", "index"]) == .string("changed-\(index)"))
                #expect(try stored.json().value(at: ["metadata", "name"]) == .string("item-\(index)"))
            }
        }
        #expect(await batched.currentRevision == single.currentRevision)
        #expect(await batched.currentRevision == original.last!.resourceVersion + 133)
    }

    @Test func modifyEachFailsItemsOnTheirOwn() async throws {
        let store = try await Self.store()
        _ = await store.createAll(Self.configMaps, [(nil, Self.configMap("a")), (nil, Self.configMap("b"))])
        let before = await store.currentRevision
        let results = await store.modifyEach(Self.configMaps, [
            ObjectStore.ObjectChange(namespace: "default", name: "a") { $0["data"]?["index"] = "new" },
            ObjectStore.ObjectChange(namespace: "default", name: "missing") { $0["data"] = nil },
            ObjectStore.ObjectChange(namespace: "default", name: "b") { $0["metadata"]?["labels"] = ["bad": "no spaces allowed"] },
        ])
        let codes = results.map { result -> Int in
            switch result {
            case .success: 200
            case .failure(let error): (error as? APIError)?.code ?? -1
            }
        }
        #expect(codes == [200, 404, 422])
        #expect(try results[0].get().resourceVersion == before + 1)
        #expect(await store.currentRevision == before + 1)
        let b = try await store.get(Self.configMaps, namespace: "default", name: "b")
        #expect(b.labels == ["app": "batch"])
    }

    @Test func modifyEachAppliesTwoChangesToOneObjectInOrder() async throws {
        let store = try await Self.store()
        _ = try await store.create(Self.configMaps, namespace: nil, object: Self.configMap("a"))
        let results = await store.modifyEach(Self.configMaps, [
            ObjectStore.ObjectChange(namespace: "default", name: "a") { $0["data"]?["first"] = "1" },
            ObjectStore.ObjectChange(namespace: "default", name: "a") { json in
                let first = json.value(at: ["data", "first"])?.stringValue ?? "missing"
                json["data"]?["second"] = .string(first)
            },
        ])
        let last = try results[1].get().json()
        #expect(last.value(at: ["data", "first"]) == "1")
        #expect(last.value(at: ["data", "second"]) == "1", "the second change sees the first")
        #expect(try results[1].get().resourceVersion == results[0].get().resourceVersion + 1)
    }
}
