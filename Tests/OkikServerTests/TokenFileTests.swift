import HTTPTypes
@testable import OkikServer
import Testing

@Suite struct TokenFileTests {
    static let text = """
        # okik tokens
        viewer:vera:viewer-token-0000000001

        operator:otto:operator-token-000000001
          approver:anna:approver-token-00000001
        admin:adam:admin:token:with:colons:1
        """

    @Test func parsesRolesNamesAndTokensSkippingCommentsAndBlankLines() throws {
        let file = try TokenFile.parse(Self.text)
        #expect(file.entries.map(\.role) == [.viewer, .operator, .approver, .admin])
        #expect(file.entries.map(\.name) == ["vera", "otto", "anna", "adam"])
        #expect(file.entries.last?.token == "admin:token:with:colons:1")
    }

    @Test func findsTheIdentityOfEachTokenAndNoneForOthers() throws {
        let file = try TokenFile.parse(Self.text)
        #expect(file.identity(for: "approver-token-00000001") == Identity(role: .approver, name: "anna"))
        #expect(file.identity(for: "admin:token:with:colons:1")?.role == .admin)
        #expect(file.identity(for: "approver-token-00000002") == nil)
        #expect(file.identity(for: "approver-token-0000000") == nil)
        #expect(file.identity(for: "approver-token-000000011") == nil)
        #expect(file.identity(for: "") == nil)
    }

    @Test(arguments: [
        ("viewer:vera:viewer-token-0000000001\nviewer-only-two-parts", 2, "ROLE:NAME:TOKEN"),
        ("# c\n\nroot:rita:root-token-000000000001", 3, "unknown role \"root\""),
        ("admin::admin-token-0000000000001", 1, "NAME is empty"),
        ("admin:adam:short", 1, "shorter than 16"),
        ("admin:adam:same-token-00000000001\nviewer:vera:same-token-00000000001", 2, "same token as line 1"),
    ])
    func aMalformedLineIsAnErrorNamingItsLine(text: String, line: Int, message: String) {
        #expect {
            _ = try TokenFile.parse(text)
        } throws: { error in
            guard let error = error as? TokenFileError else { return false }
            return error.line == line && error.message.contains(message)
                && error.description.hasPrefix("token file line \(line): ")
        }
    }

    @Test func theErrorNeverShowsTheToken() {
        #expect {
            _ = try TokenFile.parse("admin:adam:secret-abc")
        } throws: { error in
            !"\(error)".contains("secret-abc")
        }
    }

    @Test func rolesAreOrderedViewerOperatorApproverAdmin() {
        #expect(AccessRole.viewer < .operator && AccessRole.operator < .approver && AccessRole.approver < .admin)
        #expect(AccessRole(name: "Approver") == .approver)
        #expect(AccessRole(name: "root") == nil)
    }

    @Test func constantTimeComparisonAgreesWithEquality() {
        let samples: [[UInt8]] = [[], [1], [1, 2], [1, 3], [2, 2], [1, 2, 0]]
        for lhs in samples {
            for rhs in samples {
                #expect(TokenFile.constantTimeEquals(lhs, rhs) == (lhs == rhs))
            }
        }
    }

    @Test func theTokenComesFromABearerAuthorizationOrFromXOkikToken() {
        #expect(AuthMiddleware.token(in: [.authorization: "Bearer abc"]) == "abc")
        #expect(AuthMiddleware.token(in: [.authorization: "bearer  abc "]) == "abc")
        #expect(AuthMiddleware.token(in: [AuthMiddleware.tokenHeader: "xyz"]) == "xyz")
        #expect(AuthMiddleware.token(in: [.authorization: "Basic dXNlcjpwdw==", AuthMiddleware.tokenHeader: "xyz"]) == "xyz")
        #expect(AuthMiddleware.token(in: [.authorization: "Basic dXNlcjpwdw=="]) == nil)
        #expect(AuthMiddleware.token(in: [.authorization: "Bearer "]) == nil)
        #expect(AuthMiddleware.token(in: [:]) == nil)
    }
}
