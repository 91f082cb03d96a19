/// What the gatekeeper looks at for one call: the tool's package and targets, and whether a person approved it.
public struct GateRequest: Sendable, Hashable {
    /// The tool's name.
    public var tool: String
    /// The tool's declared package.
    public var package: ToolPackage
    /// The resources the call touches.
    public var targets: [ToolTarget]
    /// True when the call is a step of an approved ``ActionPlan``.
    public var approved: Bool

    /// Creates a request.
    public init(tool: String, package: ToolPackage, targets: [ToolTarget], approved: Bool = false) {
        self.tool = tool
        self.package = package
        self.targets = targets
        self.approved = approved
    }
}

/// The policy in force when a call is decided.
public struct GatePolicy: Sendable, Hashable {
    /// The autonomy level.
    public var level: AutonomyLevel
    /// When false, every write is queued for approval.
    public var automationEnabled: Bool
    /// When true, every write is denied and approved plans do not run.
    public var emergencyStop: Bool
    /// Namespaces no write may touch.
    public var protectedNamespaces: ProtectedNamespaces

    /// Creates a policy.
    public init(
        level: AutonomyLevel = .l2, automationEnabled: Bool = true, emergencyStop: Bool = false,
        protectedNamespaces: ProtectedNamespaces = ProtectedNamespaces()
    ) {
        self.level = level
        self.automationEnabled = automationEnabled
        self.emergencyStop = emergencyStop
        self.protectedNamespaces = protectedNamespaces
    }
}

/// The pure decision function every tool call passes: hard checks first, then the autonomy level. No I/O.
///
/// Rate limits are applied by ``GatedToolExecutor`` after an `execute` decision, since they consume state.
public enum Gatekeeper {
    /// Decides one call.
    ///
    /// ```swift
    /// let decision = Gatekeeper.decide(request, policy: GatePolicy(level: .l2))
    /// ```
    public static func decide(_ request: GateRequest, policy: GatePolicy) -> GateDecision {
        let write = request.package.isWrite
        if write {
            if request.targets.isEmpty {
                return .deny(
                    reason: "\(request.tool) is a write tool that declares no targets: the guards cannot see what it changes",
                    retryAfter: nil)
            }
            if let refusal = protectedRefusal(request, policy.protectedNamespaces) {
                return .deny(reason: refusal, retryAfter: nil)
            }
            if policy.emergencyStop {
                return .deny(reason: "emergency stop is engaged: every write is refused until it is lifted", retryAfter: nil)
            }
        }
        if policy.level == .l0 {
            return .deny(reason: "autonomy L0 (advisory): tools do not run; OKIK only recommends", retryAfter: nil)
        }
        if !write {
            return .execute(reason: "\(request.package.rawValue) tools run at \(policy.level)")
        }
        if request.approved {
            return .execute(reason: "approved by a person")
        }
        if !policy.automationEnabled {
            return .requireApproval(reason: "automation is disabled: every write needs approval")
        }
        if policy.level.executesWithoutApproval(request.package) {
            return .execute(reason: "\(request.package.rawValue) (risk \(request.package.risk)) runs at \(policy.level) \(policy.level.title)")
        }
        return .requireApproval(
            reason: "\(request.package.rawValue) (risk \(request.package.risk)) needs approval at \(policy.level) \(policy.level.title)")
    }

    /// Why a write must be refused for the namespaces it touches, or nil.
    static func protectedRefusal(_ request: GateRequest, _ protected: ProtectedNamespaces) -> String? {
        for target in request.targets {
            switch target.scope {
            case .allNamespaces:
                return "\(request.tool) would write across all namespaces, including protected ones"
            case .namespace(let namespace):
                if let refusal = refusal(namespace, protected, target) { return refusal }
            case .cluster:
                if target.kind.lowercased() == "namespace" {
                    guard let name = target.name else {
                        return "\(request.tool) would write to every namespace, including protected ones"
                    }
                    if let refusal = refusal(name, protected, target) { return refusal }
                }
            }
        }
        return nil
    }

    private static func refusal(_ namespace: String, _ protected: ProtectedNamespaces, _ target: ToolTarget) -> String? {
        switch protected.classify(namespace) {
        case .unprotected: return nil
        case .protected(let name): return "namespace \(name) is protected: writes to it are always refused (\(target.kind))"
        case .unrecognised(let raw):
            let shown = raw.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
            return "namespace \"\(shown)\" is not a canonical namespace name: writes are refused"
        }
    }
}
