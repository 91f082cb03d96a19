import Foundation

extension InMemoryAuditStore: TokenSpendStore {
    /// See ``TokenSpendStore``.
    public func recordTokenSpend(_ spend: TokenSpend) async throws {
        storedTokenSpends.append(spend)
        storedTokenSpends.removeAll { $0.at < spend.at.addingTimeInterval(-2 * 86_400) }
    }

    /// See ``TokenSpendStore``.
    public func tokenSpends(since date: Date) async throws -> [TokenSpend] {
        storedTokenSpends.filter { $0.at >= date }.sorted { $0.at < $1.at }
    }
}
