/// Durations as the simulator's options write them ("30s", "10m", "1h30m").
public enum SimulationDurations {
    /// Seconds, or nil when the text is not a duration.
    public static func seconds(_ text: String) -> Double? { SimDuration.parse(text) }
}
