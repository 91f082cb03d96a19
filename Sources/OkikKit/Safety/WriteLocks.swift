/// Serialises one process's writes so that a guard's check and the write it allows happen with no other OKIK write
/// that could change the same facts in between: writes to one namespace run one at a time (two callers deleting the
/// last two serving pods of a workload at once cannot both pass the availability floor), and a cluster-scoped write
/// (a cordon, a drain that evicts pods in every namespace, a namespace deletion) runs alone, so a drain and a
/// scale-down judged on the same serving pods cannot both run. Requests are granted in arrival order, so a
/// cluster-scoped write is not starved by a stream of namespaced ones.
actor WriteLocks {
    /// The key of cluster-scoped targets (nodes, namespaces).
    static let clusterKey = "<cluster>"

    private struct Request {
        var namespaces: Set<String>
        var wholeCluster: Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    private var heldNamespaces: Set<String> = []
    private var clusterHeld = false
    private var namespacedHolders = 0
    private var queue: [Request] = []

    /// Runs `body` holding every key: ``clusterKey`` holds the whole cluster, any other key one namespace.
    func run<T: Sendable>(holding keys: Set<String>, _ body: @Sendable () async throws -> T) async throws -> T {
        let wholeCluster = keys.contains(Self.clusterKey) || keys.isEmpty
        let namespaces = wholeCluster ? [] : keys
        await acquire(namespaces: namespaces, wholeCluster: wholeCluster)
        defer { release(namespaces: namespaces, wholeCluster: wholeCluster) }
        return try await body()
    }

    private func acquire(namespaces: Set<String>, wholeCluster: Bool) async {
        if queue.isEmpty, isFree(namespaces: namespaces, wholeCluster: wholeCluster) {
            take(namespaces: namespaces, wholeCluster: wholeCluster)
            return
        }
        // Ownership is handed over by `grantWaiting`: the locks are taken when this waiter resumes.
        await withCheckedContinuation { continuation in
            queue.append(Request(namespaces: namespaces, wholeCluster: wholeCluster, continuation: continuation))
        }
    }

    private func release(namespaces: Set<String>, wholeCluster: Bool) {
        if wholeCluster {
            clusterHeld = false
        } else {
            heldNamespaces.subtract(namespaces)
            namespacedHolders -= 1
        }
        grantWaiting()
    }

    /// Grants queued requests from the front while they fit beside what is held.
    private func grantWaiting() {
        while let next = queue.first, isFree(namespaces: next.namespaces, wholeCluster: next.wholeCluster) {
            queue.removeFirst()
            take(namespaces: next.namespaces, wholeCluster: next.wholeCluster)
            next.continuation.resume()
        }
    }

    private func isFree(namespaces: Set<String>, wholeCluster: Bool) -> Bool {
        if clusterHeld { return false }
        if wholeCluster { return namespacedHolders == 0 }
        return heldNamespaces.isDisjoint(with: namespaces)
    }

    private func take(namespaces: Set<String>, wholeCluster: Bool) {
        if wholeCluster {
            clusterHeld = true
        } else {
            heldNamespaces.formUnion(namespaces)
            namespacedHolders += 1
        }
    }
}
