# The guard mutants: id -> (what is switched off, [(file, old text, new text)]). Each must make a test fail.
R = "Sources/OkikKit/Remediation/"
M = {}
M["1a"] = ("ProtectedNamespaces.builtIn without kube-public", [("Sources/OkikKit/Safety/ProtectedNamespaces.swift",
    '["kube-system", "kube-public", "kube-node-lease", "okik-system"]', '["kube-system", "kube-node-lease", "okik-system"]')])
M["1b"] = ("ProtectedNamespaces.builtIn without kube-system", [("Sources/OkikKit/Safety/ProtectedNamespaces.swift",
    '["kube-system", "kube-public", "kube-node-lease", "okik-system"]', '["kube-public", "kube-node-lease", "okik-system"]')])
M["2"] = ("AutonomyLevel .l2: package <= .restart", [("Sources/OkikKit/Safety/AutonomyLevel.swift",
    "case .l2: package <= .quarantine", "case .l2: package <= .restart")])
M["3a"] = ("CordonNodeTool.package = .restart", [("Sources/OkikKit/Tools/Destructive/CordonNodeTool.swift",
    "public static let package = ToolPackage.destructive", "public static let package = ToolPackage.restart")])
M["3b"] = ("Gatekeeper.decide: cordon_node executes at >= L3", [("Sources/OkikKit/Safety/Gatekeeper.swift",
    "if policy.level.executesWithoutApproval(request.package) {",
    'if policy.level.executesWithoutApproval(request.package) || (request.tool == "cordon_node" && policy.level >= .l3) {')])
M["4"] = ("Gatekeeper.decide: no-targets denial disabled", [("Sources/OkikKit/Safety/Gatekeeper.swift",
    "if request.targets.isEmpty {", "if false, request.targets.isEmpty {")])
M["5"] = ("KubeClient.dryRunOnly() returns self", [("Sources/OkikKubeClient/Client/KubeClient.swift",
    "KubeClient(transport: transport.limitedToDryRuns(), defaultNamespace: defaultNamespace, logger: logger)", "self")])
M["6"] = ("ApprovalService: both requirePerson calls removed", [("Sources/OkikKit/Plans/ApprovalService.swift",
    "        try Self.requirePerson(approver)\n        if try await", "        if try await"),
    ("Sources/OkikKit/Plans/ApprovalService.swift",
    "        try Self.requirePerson(approver)\n        return try await", "        return try await")])
M["7"] = ("updatePlan ignores expected state (both stores)", [("Sources/OkikKit/Audit/InMemoryAuditStore.swift",
    "guard plansByID[plan.id]?.state == expected else { return false }", "guard plansByID[plan.id] != nil else { return false }"),
    ("Sources/OkikKit/Audit/SQLiteAuditStore.swift", "WHERE id = ? AND state = ?", "WHERE id = ? AND (state = ? OR 1 = 1)")])
M["8a"] = ("SafetyControls.restore: saved record not applied (state = saved dropped)", [("Sources/OkikKit/Safety/SafetyControls.swift",
    "        if let saved = try await stateStore.loadControlState() {\n            state = saved\n            return",
    "        if let _ = try await stateStore.loadControlState() {\n            return")])
M["9a"] = ("AvailabilityRules.scale returns .allow", [(R+"Rules/AvailabilityRules.swift",
    "guard availability.serving > 0, replicas < availability.floor else { return .allow }",
    "guard false, availability.serving > 0, replicas < availability.floor else { return .allow }")])
M["9b"] = ("AvailabilityRules scale/remove/replacePods/removeServingPod return .allow", [(R+"Rules/AvailabilityRules.swift",
    "guard availability.serving > 0, replicas < availability.floor else { return .allow }",
    "guard false, availability.serving > 0, replicas < availability.floor else { return .allow }"),
    (R+"Rules/AvailabilityRules.swift", 'guard availability.serving > 0 else { return .allow }\n        return .requireApproval(\n            rule: floorRule, reason: "deleting',
     'guard false, availability.serving > 0 else { return .allow }\n        return .requireApproval(\n            rule: floorRule, reason: "deleting'),
    (R+"Rules/AvailabilityRules.swift", "guard recreate, availability.serving > 0 else { return .allow }",
     "guard false, recreate, availability.serving > 0 else { return .allow }"),
    (R+"Rules/AvailabilityRules.swift", "    ) -> GuardVerdict {\n        if let budget = budgetsWithoutDisruptions.first {",
     "    ) -> GuardVerdict {\n        return .allow\n        if let budget = budgetsWithoutDisruptions.first {")])
M["9c"] = ("AvailabilityRules.removeNamespace returns .allow", [(R+"Rules/AvailabilityRules.swift",
    "guard !serving.isEmpty || !boundClaims.isEmpty else { return .allow }",
    "guard false, !serving.isEmpty || !boundClaims.isEmpty else { return .allow }")])
M["10"] = ("AvailabilityRules.quarantine returns .allow", [(R+"Rules/AvailabilityRules.swift",
    'guard availability.serving > 0 else { return .allow }\n        return .requireApproval(\n            rule: quarantineRule',
    'guard false, availability.serving > 0 else { return .allow }\n        return .requireApproval(\n            rule: quarantineRule')])
M["11"] = ("NodeRules.cordon: allowance branch off", [(R+"Rules/NodeRules.swift",
    "if cordoned.count + 1 > allowance {", "if false, cordoned.count + 1 > allowance {")])
M["12"] = ("NodeRules.cordon: last-schedulable branch off", [(R+"Rules/NodeRules.swift",
    "if schedulable(node), !nodes.contains", "if false, schedulable(node), !nodes.contains")])
M["13"] = ("NodeRules.cordon: NodeFit branch off", [(R+"Rules/NodeRules.swift",
    "guard unplaced.isEmpty else {", "guard true || unplaced.isEmpty else {")])
M["13b"] = ("ResizeRules: largest-node capacity branch off", [(R+"Rules/ResizeRules.swift",
    "if let largest = facts.largestNode {", "if false, let largest = facts.largestNode {")])
M["14"] = ("ResizeRules: history branch returns .allow", [(R+"Rules/ResizeRules.swift",
    "            guard let history = facts.history, history.isSufficient(for: policy) else {\n                return .refuse(",
    "            guard let history = facts.history, history.isSufficient(for: policy) else {\n                return .allow\n                return .refuse(")])
M["15"] = ("ResizeRules: peak branch off", [(R+"Rules/ResizeRules.swift",
    "if change.value < floor {", "if false, change.value < floor {")])
M["16"] = ("ResizeRules: QoS branch off", [(R+"Rules/ResizeRules.swift",
    "if isGuaranteed(facts.containers) {", "if false, isGuaranteed(facts.containers) {")])
M["17"] = ("ResizeRules: cooldown branch off", [(R+"Rules/ResizeRules.swift",
    "if let last = facts.lastResize,", "if false, let last = facts.lastResize,")])
M["18"] = ("AutoscalerRules.changeMaximum: raise branch off", [(R+"Rules/AutoscalerRules.swift",
    "if roomFor < needed {", "if false, roomFor < needed {")])
M["19"] = ("RemediationGuard.judge: scope check off", [(R+"RemediationGuard.swift",
    "if let scope = pass?.namespace {", "if false, let scope = pass?.namespace {")])
M["20"] = ("RemediationGuard.judge: one-write-per-pass check off", [(R+"RemediationGuard.swift",
    "        if let pass {\n            for subject in subjects {", "        if false, let pass {\n            for subject in subjects {")])
M["21"] = ("insertPlan always inserts (both stores)", [("Sources/OkikKit/Audit/InMemoryAuditStore.swift",
    "if let existing = plansByID.values", "if false, let existing = plansByID.values"),
    ("Sources/OkikKit/Audit/SQLiteAuditStore.swift", "if let body = try String.fetchOne(", "if false, let body = try String.fetchOne(")])
M["22"] = ("CrashLoopAssessment.assess: .quarantine whenever something loops", [(R+"CrashLoopRemedy.swift",
    "guard !loopingPods.isEmpty else { return assessment }",
    "guard !loopingPods.isEmpty else { return assessment }\n        assessment.remedy = .quarantine\n        return assessment")])
