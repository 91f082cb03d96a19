import OkikKit

@main
struct ListPods {
    static func main() async throws {
    }
}
