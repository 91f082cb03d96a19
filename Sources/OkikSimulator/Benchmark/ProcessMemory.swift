import Foundation

/// This process's memory as Linux reports it in `/proc/self/status` (nil elsewhere).
public enum ProcessMemory {
    /// Resident set size now, in bytes (`VmRSS`).
    public static var resident: Int? { field("VmRSS") }
    /// Peak resident set size, in bytes (`VmHWM`).
    public static var peakResident: Int? { field("VmHWM") }

    /// Resets the peak to the current size (writes 5 to `/proc/self/clear_refs`); false where that is not possible.
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

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
