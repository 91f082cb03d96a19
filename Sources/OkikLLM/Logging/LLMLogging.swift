import Logging

/// Logging defaults for OkikLLM.
public enum LLMLogging {
    /// The label OkikLLM's loggers should carry.
    public static let label = "okik.llm"

    /// A logger that drops everything, used when the caller passes none.
    public static let disabled = Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
}
