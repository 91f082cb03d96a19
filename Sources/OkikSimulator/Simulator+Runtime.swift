import Foundation
import ServiceLifecycle

extension Simulator {
    /// The clock the simulated cluster runs on.
    public var clock: SimulationClock { configuration.clock }

    /// Advances a virtual clock and lets the controllers, scheduler and kubelets catch up (no-op without a runtime).
    public func advance(by duration: Duration) async {
        if let runtime {
            await runtime.advance(by: duration)
        } else {
            clock.advance(by: duration)
        }
    }

    /// Processes pending changes at the current time (after writes through the API, before reading results).
    public func settle() async {
        await runtime?.settle()
    }

    /// The runtime as a service when it has to drive itself (real time); virtual time is driven by the caller.
    static func runtimeServices(_ runtime: ClusterRuntime?, clock: SimulationClock) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let runtime, !clock.isVirtual else { return [] }
        return [.init(service: runtime)]
    }
}
