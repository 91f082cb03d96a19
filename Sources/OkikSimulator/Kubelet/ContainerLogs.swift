import Foundation
import OkikKubeClient

/// The log lines a simulated container writes when it starts and when it exits.
enum ContainerLogs {
    static func startLines(_ profile: ContainerProfile, at time: Date) -> [String] {
        let stamp = timestamp(time)
        switch profile.behavior {
        case .crashloop, .fail:
            return ["\(stamp) starting \(profile.name)", "\(stamp) loading configuration from /etc/\(profile.name)/config.yaml"]
        case .oom:
            return ["\(stamp) starting \(profile.name)", "\(stamp) allocating memory for cache"]
        case .complete:
            return ["\(stamp) starting batch work"]
        default:
            return ["\(stamp) starting \(profile.name)", "\(stamp) listening on :8080"]
        }
    }

    static func exitLines(_ profile: ContainerProfile, reason: String, code: Int, at time: Date) -> [String] {
        let stamp = timestamp(time)
        switch reason {
        case "OOMKilled": return ["\(stamp) cache size \(profile.limits.memory / 1_048_576)Mi, still growing"]
        case "Completed": return ["\(stamp) work finished, exiting"]
        default: return ["\(stamp) fatal: cannot connect to database at db:5432: connection refused", "\(stamp) exiting with code \(code)"]
        }
    }

    private static func timestamp(_ time: Date) -> String {
        Timestamp(time).rfc3339
    }
}
