import Foundation

/// One pod or node condition with the time of its last transition.
struct SimCondition: Hashable, Sendable {
    var type: String
    var status: String
    var reason: String?
    var message: String?
    var lastTransition: Date
    var lastUpdate: Date

    init(type: String, status: String, reason: String? = nil, message: String? = nil, at time: Date) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransition = time
        self.lastUpdate = time
    }
}

extension Array where Element == SimCondition {
    /// Sets a condition; the transition time moves only when the status changes. Returns whether anything changed.
    @discardableResult
    mutating func set(_ type: String, _ status: String, reason: String? = nil, message: String? = nil, at time: Date)
        -> Bool
    {
        if let index = firstIndex(where: { $0.type == type }) {
            var condition = self[index]
            if condition.status == status && condition.reason == reason && condition.message == message { return false }
            if condition.status != status { condition.lastTransition = time }
            condition.status = status
            condition.reason = reason
            condition.message = message
            condition.lastUpdate = time
            self[index] = condition
            return true
        }
        append(SimCondition(type: type, status: status, reason: reason, message: message, at: time))
        return true
    }

    /// The condition of a type.
    func condition(_ type: String) -> SimCondition? { first { $0.type == type } }
}
