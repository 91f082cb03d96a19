import Foundation
import Logging
import OkikKit

/// Applies the cluster's emergency stop (the `okik-control` ConfigMap that `okikctl emergency-stop` writes) to a
/// runtime that keeps its own control state and does not mirror it, such as `okikctl mcp` on `~/.okik/okik.db`:
/// read only, never written. A stop engaged there is engaged here; lifted there, it is lifted here when it was
/// engaged from there (a stop engaged locally stays).
///
/// ```swift
/// let follower = EmergencyStopFollower(runtime: runtime, caller: Caller(.human, "alice"), logger: logger)
/// await follower.check()          // before the first call
/// try await follower.run()        // then every interval, until cancelled
/// ```
public actor EmergencyStopFollower {
    private let runtime: OkikRuntime
    private let caller: Caller
    private let interval: Duration
    private let logger: Logger
    private var engagedFromCluster = false
    private var unreadable = false

    /// Creates a follower; `caller` is who the local changes are recorded as.
    public init(runtime: OkikRuntime, caller: Caller, interval: Duration = .seconds(5), logger: Logger) {
        self.runtime = runtime
        self.caller = caller
        self.interval = interval
        self.logger = logger
    }

    /// Checks every interval until cancelled.
    /// - Throws: `CancellationError` when cancelled.
    public func run() async throws {
        while true {
            try await Task.sleep(for: interval)
            await check()
        }
    }

    /// Reads the ConfigMap once and applies its emergency stop. A ConfigMap that is missing means no stop; one that
    /// cannot be read (no access) is logged once and changes nothing.
    public func check() async {
        let record: ControlRecord?
        do {
            record = try await ControlConfigMap.read(client: runtime.client)
            unreadable = false
        } catch {
            if !unreadable {
                logger.warning(
                    "cannot read the okik-control ConfigMap, so an emergency stop engaged there does not reach this process",
                    metadata: ["okik.error": "\(error)"])
            }
            unreadable = true
            return
        }
        let controls = runtime.executor.controls
        do {
            let local = try await controls.refresh().emergencyStop
            if record?.emergencyStop == true, !local {
                let reason = record?.emergencyStopReason ?? "engaged in the okik-control ConfigMap"
                try await controls.engageEmergencyStop(by: caller, reason: "okik-control ConfigMap: \(reason)")
                engagedFromCluster = true
                logger.warning("the cluster's emergency stop is engaged: every write is refused", metadata: ["okik.reason": "\(reason)"])
            } else if record?.emergencyStop != true, local, engagedFromCluster {
                try await controls.liftEmergencyStop(by: caller, reason: "lifted in the okik-control ConfigMap")
                engagedFromCluster = false
                logger.notice("the cluster's emergency stop was lifted")
            }
        } catch {
            logger.warning("cannot apply the cluster's emergency stop", metadata: ["okik.error": "\(error)"])
        }
    }
}
