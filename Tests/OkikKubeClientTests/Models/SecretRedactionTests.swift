import Foundation
import OkikKubeClient
import Testing

@Suite("Secret redaction")
struct SecretRedactionTests {
    static let secretValues = ["YWRtaW4=", "aHVudGVyMi1zdXBlci1zZWNyZXQ=", "hunter2", "s3cr3t-plain"]

    func makeSecret() throws -> Secret {
        var secret = try Fixtures.decode(Secret.self, "core/secret/1.json")
        secret.stringData = ["token": "s3cr3t-plain"]
        return secret
    }

    func expectNoValues(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for value in Self.secretValues {
            #expect(!text.contains(value), "leaked \(value) in \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func descriptionsShowKeysOnly() throws {
        let secret = try makeSecret()
        #expect(secret.keys == ["password", "token", "username"])
        #expect(secret.description.contains("password"))
        #expect(secret.description.contains("db-credentials"))
        expectNoValues(secret.description)
        expectNoValues(secret.debugDescription)
        expectNoValues("\(secret)")
        expectNoValues(String(reflecting: secret))
        expectNoValues(String(describing: [secret]))
        expectNoValues(String(describing: Optional(secret)))
        expectNoValues(String(describing: ResourceList(items: [secret])))
    }

    @Test func dumpAndMirrorShowKeysOnly() throws {
        let secret = try makeSecret()
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(dumped.contains("username"))
        expectNoValues(dumped)

        let labels = Mirror(reflecting: secret).children.compactMap(\.label)
        #expect(!labels.contains("data"))
        #expect(!labels.contains("stringData"))
        #expect(!labels.contains("metadata"))
        #expect(labels.contains("keys"))
    }

    @Test func valuesStillEncodeForTheAPI() throws {
        let secret = try makeSecret()
        let encoded = String(decoding: try JSONEncoder().encode(secret), as: UTF8.self)
        #expect(encoded.contains("YWRtaW4="))
        #expect(try JSONDecoder().decode(Secret.self, from: Data(encoded.utf8)) == secret)
    }
}
