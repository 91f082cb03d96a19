import Foundation

/// Reads this process's memory figures from `/proc/self/status` (Linux); zero elsewhere.
public enum ProcessMemory {
    /// Resident set size now, in bytes.
    public static var residentBytes: Int { field("VmRSS:") }
    /// Peak resident set size since start or the last ``resetPeak()``, in bytes.
    public static var peakResidentBytes: Int { field("VmHWM:") }

    /// Resets the peak (writes 5 to `/proc/self/clear_refs`); returns false where that is not possible.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    private static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first
            return (number.flatMap { Int($0) } ?? 0) * 1024
        }
        return 0
    }
}
