import Foundation
import OkikLLM

/// How the agent runs: its identity, how often it looks, how much it may spend, and how it acts.
public struct AgentConfiguration: Sendable, Hashable {
    /// The caller its tool calls are made as (`agent:okik`).
    public var caller: Caller
    /// The provider and model (`LLMConfiguration`: OpenAI `gpt-5-mini` and Anthropic `claude-sonnet-4-6` by
    /// default). Set, it overrides a model given to the agent, and a change at run time makes a new client; nil
    /// keeps the model the agent was given (or none: the offline reasoner).
    public var llm: LLMConfiguration?
    /// The autonomy level the gate should run at. The level lives in the durable control state and is the gate's,
    /// not the agent's: set here, ``Agent/reconfigure(_:by:)`` changes the control state (a person's change, audited);
    /// nil leaves it as it is. The model can never change it.
    public var level: AutonomyLevel?
    /// How often it looks at the cluster when nothing wakes it earlier (default 30 s).
    public var interval: Duration
    /// The shortest time between two looks when changes wake it (default 5 s), so a burst of events costs one look.
    public var debounce: Duration
    /// Sampling temperature (default 0.2).
    public var temperature: Double
    /// Most tool calls in one tick (default 8); later calls are answered "not run".
    public var maxToolCallsPerTick: Int
    /// Most model calls in one tick (default 6), so a model that keeps calling tools cannot loop.
    public var maxModelCallsPerTick: Int
    /// Most characters of one tool result sent back to the model (default 6,000; truncation is marked).
    public var maxToolResultCharacters: Int
    /// Token budgets.
    public var budget: TokenBudgetLimits
    /// How long after a write its target is checked again (default 120 s).
    public var verifyAfter: Duration
    /// The least severe finding whose appearance or change earns a model call (default medium); lower ones are
    /// reported as counts in the next context.
    public var attentionSeverity: Severity
    /// How long the agent remembers what it told the model (default one hour): a finding or kind of warning event
    /// that comes back within it, unchanged, costs no call.
    public var recall: Duration
    /// Whether a write that made its target worse has its inverse proposed through the gate (default true; the level
    /// decides whether the inverse runs or waits for a person).
    public var revertWhenWorse: Bool

    /// Creates a configuration; every argument has the documented default.
    public init(
        caller: Caller = Caller(.agent, "okik"), llm: LLMConfiguration? = nil, level: AutonomyLevel? = nil,
        interval: Duration = .seconds(30), debounce: Duration = .seconds(5),
        temperature: Double = 0.2, maxToolCallsPerTick: Int = 8, maxModelCallsPerTick: Int = 6,
        maxToolResultCharacters: Int = 6_000, budget: TokenBudgetLimits = TokenBudgetLimits(),
        verifyAfter: Duration = .seconds(120), revertWhenWorse: Bool = true, attentionSeverity: Severity = .medium,
        recall: Duration = .seconds(3600)
    ) {
        self.attentionSeverity = attentionSeverity
        self.recall = recall
        self.caller = caller
        self.llm = llm
        self.level = level
        self.interval = interval
        self.debounce = debounce
        self.temperature = temperature
        self.maxToolCallsPerTick = maxToolCallsPerTick
        self.maxModelCallsPerTick = maxModelCallsPerTick
        self.maxToolResultCharacters = maxToolResultCharacters
        self.budget = budget
        self.verifyAfter = verifyAfter
        self.revertWhenWorse = revertWhenWorse
    }

    /// The default models of the providers, as the product specifies.
    public static let defaultModels: [String: String] = ["openai": "gpt-5-mini", "anthropic": "claude-sonnet-4-6"]
}
