import Foundation

/// Wake-up times of the simulation's actors (containers, controllers, periodic loops): one pending wake-up per
/// target, kept in a binary heap so the runtime jumps from one to the next instead of ticking.
struct TimerQueue<Target: Hashable & Sendable>: Sendable {
    private struct Entry: Sendable {
        var time: Date
        var sequence: Int
        var target: Target
    }

    private var heap: [Entry] = []
    private var due: [Target: Date] = [:]
    private var sequence = 0

    /// Sets (or moves) the target's wake-up; nil cancels it.
    mutating func schedule(_ target: Target, at time: Date?) {
        guard let time else {
            due[target] = nil
            return
        }
        if due[target] == time { return }
        due[target] = time
        sequence += 1
        push(Entry(time: time, sequence: sequence, target: target))
    }

    /// Sets the wake-up only if it is earlier than the pending one.
    mutating func scheduleEarlier(_ target: Target, at time: Date) {
        if let current = due[target], current <= time { return }
        schedule(target, at: time)
    }

    /// The pending wake-up of a target.
    func wakeUp(of target: Target) -> Date? { due[target] }

    /// The earliest pending wake-up.
    mutating func nextTime() -> Date? {
        while let top = heap.first {
            if due[top.target] == top.time { return top.time }
            pop()  // superseded
        }
        return nil
    }

    /// Removes and returns every target due at or before `now`, in time then scheduling order.
    mutating func popDue(_ now: Date) -> [Target] {
        var result: [Target] = []
        while let top = heap.first, top.time <= now {
            pop()
            if due[top.target] == top.time {
                due[top.target] = nil
                result.append(top.target)
            }
        }
        return result
    }

    var count: Int { due.count }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && Self.less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && Self.less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }
}
