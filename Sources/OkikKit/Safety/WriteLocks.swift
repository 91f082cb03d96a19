/// Serialises one process's writes per namespace (cluster-scoped targets share one key), so that a guard's check and
/// the write it allows happen with no other OKIK write to the same namespace in between: two callers deleting the
/// last two serving pods of a workload at once cannot both pass the availability floor.
actor WriteLocks {
    /// The key of cluster-scoped targets (nodes, namespaces).
    static let clusterKey = "<cluster>"

    private var held: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` holding every key (taken in sorted order, so two callers never wait on each other in a circle).
    func run<T: Sendable>(holding keys: Set<String>, _ body: @Sendable () async throws -> T) async throws -> T {
        let ordered = keys.sorted()
        for key in ordered { await lock(key) }
        do {
            let result = try await body()
            for key in ordered { unlock(key) }
            return result
        } catch {
            for key in ordered { unlock(key) }
            throw error
        }
    }

    private func lock(_ key: String) async {
        guard held.contains(key) else {
            held.insert(key)
            return
        }
        // Ownership is handed over by `unlock`: the key stays held when this waiter resumes.
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    private func unlock(_ key: String) {
        if var queue = waiters[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}
