import ArgumentParser

extension OkikCtl {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Benchmarks of OKIK's components (build with -c release for meaningful numbers).",
            subcommands: [BenchDecode.self]
        )
    }
}
