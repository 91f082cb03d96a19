import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Lists, selectors, paging and watches")
struct ListAndWatchTests {
    /// A config map model that requires `data`, to make one item of a later page undecodable.
    struct StrictConfigMap: NamespacedResource {
        static let groupVersionKind = ConfigMap.groupVersionKind
        static let resourceName = ConfigMap.resourceName
        var metadata: ObjectMeta
        var data: [String: String]
    }

    @Test func aBadItemOnALaterPageFailsTheWholeListNamingIt() async throws {
        var configuration = fastRetries
        configuration.listPageSize = 4
        try await withSimulator(client: configuration) { _, client in
            let maps = client.namespaced(ConfigMap.self)
            for index in 0..<10 {
                // map-6 has no data: item 6 of the list in name order, item 2 of the second page.
                let data = index == 6 ? [:] : ["n": String(index)]
                _ = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "map-\(index)", namespace: "default"), data: data.isEmpty ? nil : data))
            }
            #expect(try await client.namespaced(StrictConfigMap.self).listPage(ListOptions(limit: 4)).items.count == 4)
            let error = try await #require(throws: KubeError.self) { try await client.namespaced(StrictConfigMap.self).list() }
            #expect(error.code == .decoding)
            // Named by its index in the whole list, not in its page.
            #expect(error.message.contains("items[6]"), "\(error.message)")
            #expect(error.message.contains("data"), "\(error.message)")
        }
    }

    @Test func selectorsAndAutomaticPaging() async throws {
        var configuration = fastRetries
        configuration.listPageSize = 7
        try await withSimulator(client: configuration) { _, client in
            let maps = client.namespaced(ConfigMap.self)
            for index in 0..<25 {
                _ = try await maps.create(configMap("map-\(index)", labels: ["tier": index % 2 == 0 ? "even" : "odd", "n": String(index)]))
            }
            let all = try await maps.list()
            #expect(all.items.count == 25)
            #expect(all.metadata.continue == nil)
            #expect(Set(all.items.map(\.name)).count == 25)
            // Pages decode concurrently, yet the items keep the server's order (by name within the namespace).
            #expect(all.items.map(\.name) == (0..<25).map { "map-\($0)" }.sorted())

            #expect(try await maps.list(.labels(["tier": "even"])).items.count == 13)
            #expect(try await maps.list(ListOptions(labelSelector: "tier in (odd),n notin (1,3)")).items.count == 10)
            #expect(try await maps.list(ListOptions(labelSelector: "!tier")).items.isEmpty)
            #expect(try await maps.list(.named("map-4")).items.map(\.name) == ["map-4"])
            let badField = try await #require(throws: KubeError.self) {
                try await maps.list(ListOptions(fieldSelector: "spec.color=red"))
            }
            #expect(badField.code == .badRequest)
            #expect(badField.message.contains("\"spec.color\" is not a known field selector"))

            // One page at a time: the continue token keeps the snapshot even when objects are added in between.
            let first = try await maps.listPage(ListOptions(limit: 10))
            #expect(first.items.count == 10)
            let token = try #require(first.metadata.continue)
            _ = try await maps.create(configMap("aaa-late"))
            var seen = first.items.map(\.name)
            var next: String? = token
            while let current = next {
                let page = try await maps.listPage(ListOptions(limit: 10, continue: current))
                #expect(page.metadata.resourceVersion == first.metadata.resourceVersion)
                seen += page.items.map(\.name)
                next = page.metadata.continue
            }
            #expect(seen.count == 25)
            #expect(!seen.contains("aaa-late"))

            let allNamespaces = try await client.namespaced(ConfigMap.self, in: .allNamespaces).list()
            #expect(allNamespaces.items.count == 26)
            let pods = try await client.namespaced(Pod.self, in: .allNamespaces).list(ListOptions(fieldSelector: "status.phase=Running"))
            #expect(pods.items.isEmpty)
        }
    }

    @Test func watchDeliversChangesInOrder() async throws {
        try await withSimulator { _, client in
            let maps = client.namespaced(ConfigMap.self)
            _ = try await maps.create(configMap("existing"))
            var events = maps.watch(WatchOptions(timeoutSeconds: 30)).makeAsyncIterator()
            let initial = try await events.next()
            #expect(initial?.type == "ADDED")
            #expect(initial?.object?.name == "existing")

            _ = try await maps.create(configMap("new"))
            _ = try await maps.patch("new", .merge(["data": ["k": "v"]]))
            try await maps.delete("new")
            var types: [String] = []
            while types.count < 3, let event = try await events.next() {
                if case .bookmark = event { continue }
                #expect(event.object?.name == "new")
                types.append(event.type)
            }
            #expect(types == ["ADDED", "MODIFIED", "DELETED"])
        }
    }

    /// One object watched by name, as the control mirror watches `okik-control` (list, then watch from its version).
    @Test func aWatchByNameSeesOnlyThatObject() async throws {
        try await withSimulator { _, client in
            let maps = client.namespaced(ConfigMap.self)
            _ = try await maps.create(configMap("watched"))
            let listed = try await maps.list(.named("watched"))
            #expect(listed.items.map(\.name) == ["watched"])
            var events = maps.watch(
                WatchOptions(selectors: .named("watched"), resourceVersion: listed.metadata.resourceVersion, timeoutSeconds: 30)
            ).makeAsyncIterator()
            _ = try await maps.create(configMap("other"))
            _ = try await maps.patch("other", .merge(["data": ["k": "v"]]))
            _ = try await maps.patch("watched", .merge(["data": ["k": "v"]]))
            try await maps.delete("watched")
            var seen: [String] = []
            while seen.count < 2, let event = try await events.next() {
                if case .bookmark = event { continue }
                seen.append("\(event.type) \(event.object?.name ?? "")")
            }
            #expect(seen == ["MODIFIED watched", "DELETED watched"])
        }
    }

    @Test func watchResumesAfterCutStreamsWithoutLossOrDuplicates() async throws {
        // The server cuts every watch stream after 3 events; the client resumes from the last resourceVersion.
        let faults = FaultConfiguration(cutWatchAfterEvents: 3)
        try await withSimulator(SimulatorConfiguration(faults: faults)) { simulator, client in
            let maps = client.namespaced(ConfigMap.self)
            let start = try await maps.list().metadata.resourceVersion
            let producer = Task {
                for index in 0..<20 { _ = try await maps.create(configMap("m\(index)")) }
            }
            var names: [String] = []
            for try await event in maps.watch(WatchOptions(resourceVersion: start, allowBookmarks: false)) {
                if case .added(let object) = event { names.append(object.name) }
                if names.count == 20 { break }
            }
            try await producer.value
            #expect(names == (0..<20).map { "m\($0)" })
            simulator.faults = .none
        }
    }

    @Test func watchRelistsAfterGoneAndReportsTheDifference() async throws {
        // A tiny history makes the starting version expire, so the watch gets 410 and relists.
        try await withSimulator(SimulatorConfiguration(watchHistoryLimit: 2)) { _, client in
            let maps = client.namespaced(ConfigMap.self)
            let keep = try await maps.create(configMap("keep"))
            let doomed = try await maps.create(configMap("doomed"))
            let version = try #require(try await maps.list().metadata.resourceVersion)
            try await maps.delete("doomed")
            _ = try await maps.patch("keep", .merge(["data": ["changed": "yes"]]))
            for index in 0..<5 { _ = try await maps.create(configMap("fresh\(index)")) }

            var iterator = maps.watch(
                WatchOptions(resourceVersion: version, knownObjects: [keep, doomed], allowBookmarks: false)
            ).makeAsyncIterator()
            var added: Set<String> = []
            var modified: Set<String> = []
            var deleted: Set<String> = []
            while added.count + modified.count + deleted.count < 7, let event = try await iterator.next() {
                switch event {
                case .added(let object): added.insert(object.name)
                case .modified(let object): modified.insert(object.name)
                case .deleted(let object): deleted.insert(object.name)
                case .bookmark: break
                }
            }
            #expect(added == Set((0..<5).map { "fresh\($0)" }))
            #expect(modified == ["keep"])
            #expect(deleted == ["doomed"])
        }
    }

    @Test func goneIsThrownWhenRelistIsOff() async throws {
        try await withSimulator(SimulatorConfiguration(watchHistoryLimit: 1)) { _, client in
            let maps = client.namespaced(ConfigMap.self)
            for index in 0..<4 { _ = try await maps.create(configMap("c\(index)")) }
            var iterator = maps.watch(WatchOptions(resourceVersion: "1", relistOnGone: false)).makeAsyncIterator()
            let error = try await #require(throws: KubeError.self) { _ = try await iterator.next() }
            #expect(error.code == .gone)
            #expect(error.message.contains("too old resource version"))
        }
    }

    @Test func resourceCacheStaysCurrentThroughCutWatches() async throws {
        try await withSimulator(SimulatorConfiguration(faults: FaultConfiguration(cutWatchAfterEvents: 2))) { _, client in
            let maps = client.namespaced(ConfigMap.self)
            _ = try await maps.create(configMap("before"))
            let cache = ResourceCache(maps, logger: testLogger)
            let runner = Task { try await cache.run() }
            await cache.waitUntilSynced()
            #expect(await cache.snapshot().map(\.name) == ["before"])
            let changes = await cache.changes()
            for index in 0..<6 { _ = try await maps.create(configMap("after\(index)")) }
            try await maps.delete("before")
            var seen: [String] = []
            for await event in changes {
                seen.append("\(event.type) \(event.object?.name ?? "")")
                if seen.count == 7 { break }
            }
            #expect(seen == (0..<6).map { "ADDED after\($0)" } + ["DELETED before"])
            #expect(await cache.snapshot().map(\.name) == (0..<6).map { "after\($0)" })
            #expect(await cache.object(namespace: "default", name: "after3") != nil)
            runner.cancel()
            _ = await runner.result
        }
    }
}
