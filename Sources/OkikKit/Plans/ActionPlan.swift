import Foundation
import OkikKubeClient

/// Tool calls waiting for a person: exactly what will run, why, how risky, until when, and what happened.
public struct ActionPlan: Sendable, Hashable, Codable, Identifiable {
    /// Where the plan stands.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
        /// Waiting for approval.
        case pending
        /// Approved by a person; about to run.
        case approved
        /// Its steps are running (set by compare-and-set, so only one process runs them).
        case executing
        /// Rejected by a person.
        case rejected
        /// Not approved in time.
        case expired
        /// Every step ran.
        case executed
        /// A step failed; later steps did not run.
        case failed

        /// True when nothing more can happen to the plan.
        public var isFinal: Bool { self == .rejected || self == .expired || self == .executed || self == .failed }
    }

    /// One call of the plan with its dry-run preview.
    public struct Step: Sendable, Hashable, Codable {
        /// The exact call that will run.
        public var invocation: ToolInvocation
        /// The tool's package.
        public var package: ToolPackage
        /// The resources it touches.
        public var targets: [ToolTarget]
        /// The server-side dry run recorded when the plan was queued.
        public var preview: Preview?
        /// What the remediation guards saw when the plan was made; an approval covers that and no more (nil in plans
        /// stored before OKIK recorded it).
        public var conditions: Conditions?

        /// Creates a step.
        public init(
            invocation: ToolInvocation, package: ToolPackage, targets: [ToolTarget], preview: Preview? = nil,
            conditions: Conditions? = nil
        ) {
            self.invocation = invocation
            self.package = package
            self.targets = targets
            self.preview = preview
            self.conditions = conditions
        }
    }

    /// The cluster a person approves: when a step runs, the guards judge it again, and the step is refused as stale
    /// when a guard now asks for a person about something it did not ask about when the plan was made, or when a
    /// workload it changes was rolled out since (a fix-forward a rollback would undo).
    public struct Conditions: Sendable, Hashable, Codable {
        /// The guard rule that asked for a person when the plan was made; nil when only the autonomy level did.
        public var approvalRule: String?
        /// The revisions of the workloads the step changes, by workload (`Deployment shop/web` → `4`).
        public var revisions: [String: String]

        /// Creates conditions.
        public init(approvalRule: String? = nil, revisions: [String: String] = [:]) {
            self.approvalRule = approvalRule
            self.revisions = revisions
        }
    }

    /// What a dry run of a step said.
    public struct Preview: Sendable, Hashable, Codable {
        /// The dry run's summary, when it succeeded.
        public var summary: String?
        /// Its structured result.
        public var data: JSONValue?
        /// Its error, when the API refused the dry run (the real call would likely fail too).
        public var error: String?
        /// False when the tool cannot dry-run.
        public var supported: Bool

        /// Creates a preview.
        public init(summary: String? = nil, data: JSONValue? = nil, error: String? = nil, supported: Bool = true) {
            self.summary = summary
            self.data = data
            self.error = error
            self.supported = supported
        }
    }

    /// What one executed step returned.
    public struct StepResult: Sendable, Hashable, Codable {
        /// The step's index.
        public var index: Int
        /// The call id in the audit.
        public var callID: UUID
        /// Whether it succeeded.
        public var succeeded: Bool
        /// Its summary or error.
        public var message: String
        /// Its structured result.
        public var data: JSONValue?
        /// When it finished.
        public var finishedAt: Date

        /// Creates a step result.
        public init(index: Int, callID: UUID, succeeded: Bool, message: String, data: JSONValue? = nil, finishedAt: Date) {
            self.index = index
            self.callID = callID
            self.succeeded = succeeded
            self.message = message
            self.data = data
            self.finishedAt = finishedAt
        }
    }

    /// The plan's id.
    public var id: UUID
    /// Who asked (`kind:name`).
    public var requester: String
    /// Why, in the requester's words.
    public var rationale: String
    /// The exact calls, in order.
    public var steps: [Step]
    /// The highest package among the steps.
    public var risk: ToolPackage
    /// When it was queued.
    public var createdAt: Date
    /// When it expires unless approved.
    public var expiresAt: Date
    /// Where it stands.
    public var state: State
    /// Results of the steps that ran.
    public var results: [StepResult]
    /// Who approved or rejected it.
    public var decidedBy: String?
    /// When.
    public var decidedAt: Date?
    /// The rejection reason, or why execution failed.
    public var reason: String?
    /// When its steps started running.
    public var startedAt: Date?
    /// When it reached a final state.
    public var finishedAt: Date?

    /// What the plan does: its steps' fingerprints in order (see ``ToolInvocation/fingerprint``).
    public var fingerprint: String {
        steps.map(\.invocation.fingerprint).joined(separator: " ; ")
    }

    /// Creates a pending plan; the risk is the highest package of its steps.
    public init(
        id: UUID = UUID(), requester: String, rationale: String, steps: [Step], createdAt: Date, expiresAt: Date
    ) {
        self.id = id
        self.requester = requester
        self.rationale = rationale
        self.steps = steps
        self.risk = steps.map(\.package).max() ?? .observe
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.state = .pending
        self.results = []
    }
}
