import OkikServer
import Testing

@Suite struct ServerConfigurationTests {
    @Test func defaultsListenOnPort8000WithA1MiBBodyLimit() {
        let configuration = ServerConfiguration()
        #expect(configuration.port == 8000)
        #expect(configuration.maxBodyBytes == 1_048_576)
        #expect(configuration.host == "127.0.0.1")
    }
}
