import OkikKubeClient

/// CPU and memory as the simulation counts them: millicores and bytes.
struct Resources: Hashable, Sendable {
    /// CPU in millicores.
    var cpu: Int64 = 0
    /// Memory in bytes.
    var memory: Int64 = 0

    static let zero = Resources()

    static func + (lhs: Resources, rhs: Resources) -> Resources {
        Resources(cpu: lhs.cpu + rhs.cpu, memory: lhs.memory + rhs.memory)
    }

    static func - (lhs: Resources, rhs: Resources) -> Resources {
        Resources(cpu: lhs.cpu - rhs.cpu, memory: lhs.memory - rhs.memory)
    }

    static func += (lhs: inout Resources, rhs: Resources) { lhs = lhs + rhs }
    static func -= (lhs: inout Resources, rhs: Resources) { lhs = lhs - rhs }

    /// Reads `cpu` and `memory` from a resource list.
    init(_ list: [String: Quantity]?) {
        cpu = list?["cpu"]?.millicores ?? 0
        memory = list?["memory"]?.bytes ?? 0
    }

    init(cpu: Int64 = 0, memory: Int64 = 0) {
        self.cpu = cpu
        self.memory = memory
    }

    /// CPU as the API writes it ("250m", "2").
    static func formatCPU(_ millicores: Int64) -> String {
        millicores % 1000 == 0 ? String(millicores / 1000) : "\(millicores)m"
    }

    /// Memory as the API writes it ("512Mi", "1536Ki", or plain bytes).
    static func formatMemory(_ bytes: Int64) -> String {
        for (suffix, factor) in [("Gi", Int64(1) << 30), ("Mi", Int64(1) << 20), ("Ki", Int64(1) << 10)]
        where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return String(bytes)
    }

    /// Memory as metrics-server writes it (whole Ki).
    static func formatMetricsMemory(_ bytes: Int64) -> String { "\(max(0, bytes) / 1024)Ki" }

    /// CPU as metrics-server writes it (nanocores).
    static func formatMetricsCPU(_ millicores: Int64) -> String { "\(max(0, millicores) * 1_000_000)n" }

    /// Parses "250m" / "512Mi"; nil when invalid.
    static func parseCPU(_ text: String) -> Int64? { (try? Quantity(text))?.millicores }
    /// Parses a memory quantity into bytes; nil when invalid.
    static func parseMemory(_ text: String) -> Int64? { (try? Quantity(text))?.bytes }
}
