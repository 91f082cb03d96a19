import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// The elements transformed on all cores, in their order. Chunks of at least `minimumChunk` elements run
    /// concurrently (`DispatchQueue.concurrentPerform`); short arrays are mapped on the calling thread.
    func parallelMap<T: Sendable>(minimumChunk: Int = 32, _ transform: @Sendable (Element) -> T) -> [T] {
        let cores = ParallelMapCores.count
        let chunkCount = Swift.min(count / Swift.max(1, minimumChunk), cores * 4)
        guard cores > 1, chunkCount > 1 else { return map(transform) }
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let results = Mutex([[T]](repeating: [], count: chunkCount))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = Swift.min(count, chunk * chunkSize)..<Swift.min(count, (chunk + 1) * chunkSize)
            let mapped = self[range].map(transform)
            results.withLock { $0[chunk] = mapped }
        }
        // concurrentPerform returns only after every chunk ran, so every chunk is filled.
        return results.withLock { chunks in
            var all: [T] = []
            all.reserveCapacity(count)
            for chunk in chunks { all += chunk }
            return all
        }
    }
}

/// The cores `parallelMap` spreads work over, read once: Foundation reads the cgroup's CPU quota on every call.
private enum ParallelMapCores {
    static let count = ProcessInfo.processInfo.activeProcessorCount
}
