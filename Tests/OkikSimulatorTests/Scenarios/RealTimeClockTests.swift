import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// A real-time simulation never writes a time later than the wall clock, fast-forwarded or not.
@Suite struct RealTimeClockTests {
    /// Every RFC 3339 time anywhere in the store, with where it was found.
    static func timestamps(in simulator: Simulator) async throws -> [(place: String, date: Date)] {
        var found: [(String, Date)] = []
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .string(let text):
                if text.count >= 20, text.contains("T"), let time = Timestamp(rfc3339: text) { found.append((path, time.date)) }
            case .object(let members):
                for (key, member) in members { walk(member, "\(path).\(key)") }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, "\(path)[\(index)]") }
            default:
                break
            }
        }
        for definition in simulator.store.registry.definitions {
            for object in await simulator.store.all(definition) {
                walk(try object.json(), "\(definition.kind) \(object.namespace)/\(object.name)")
            }
        }
        return found
    }

    @Test func fastForwardedTimeEndsAtThePresent() async throws {
        // What `okikctl sim start --scenario crashloop --fast-forward 15m` does.
        let configuration = SimulatorConfiguration(clock: .realTime(startingAgo: .seconds(900)), runtime: .standard)
        try await Simulator.with(configuration) { simulator in
            let lines = try await SimulatedClusterSetup.prepare(
                simulator, scenario: "crashloop", nodes: nil, pods: nil, fastForward: "15m")
            #expect(lines.contains { $0.hasPrefix("fast-forwarded 14m") || $0.hasPrefix("fast-forwarded 15m") }, "\(lines)")
            #expect(!lines.contains { $0.contains("stops at the present") }, "\(lines)")
            await simulator.settle()
            let times = try await Self.timestamps(in: simulator)
            let now = Date()
            #expect(times.count > 50)
            let future = times.filter { $0.date > now }
            #expect(future.isEmpty, "dated after the wall clock: \(future.prefix(5))")
            // The scenario did run for about fifteen minutes: the containers restarted many times.
            let pods = try await simulator.store.all(simulator.store.registry.definition(apiVersion: "v1", kind: "Pod")!)
                .map { try $0.decode(as: Pod.self) }
            #expect(pods.contains { ($0.status?.containerStatuses?.first?.restartCount ?? 0) >= 5 })
            let oldest = try #require(times.map(\.date).min())
            #expect(now.timeIntervalSince(oldest) >= 14 * 60)
            #expect(simulator.clock.now <= Date())
        }
    }

    @Test func aClockThatStartsNowCannotBeFastForwardedPastIt() async throws {
        try await Simulator.with(SimulatorConfiguration(clock: .realTime, runtime: .standard)) { simulator in
            let lines = try await SimulatedClusterSetup.prepare(
                simulator, scenario: "crashloop", nodes: nil, pods: nil, fastForward: "10m")
            #expect(lines.contains { $0.contains("a real-time clock stops at the present") }, "\(lines)")
            await simulator.advance(by: .seconds(3600))
            #expect(simulator.clock.now <= Date())
            let now = Date()
            let future = try await Self.timestamps(in: simulator).filter { $0.date > now }
            #expect(future.isEmpty, "dated after the wall clock: \(future.prefix(5))")
        }
    }

    @Test func aRealTimeClockMovesAtMostToTheWallClock() {
        let clock = SimulationClock.realTime(startingAgo: .seconds(60))
        #expect(clock.lag.map { $0 > .seconds(59) && $0 <= .seconds(60) } == true)
        #expect(clock.now < Date().addingTimeInterval(-59))
        clock.advance(by: .seconds(30))
        #expect(clock.now < Date().addingTimeInterval(-29))
        clock.advance(by: .seconds(3600))
        #expect(clock.now <= Date())
        #expect(clock.lag == .zero)
        #expect(SimulationClock.virtual().lag == nil)
    }
}
