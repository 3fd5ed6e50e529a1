import AssayTestKit
import Foundation

// A stand-alone stub model server for benchmarks and manual fault testing:
//   assay-stub [--port N] [--latency SECONDS] [--fault-rate R] [--accuracy A] [--threads T] [--planted base64,roleplay]
// With --planted it answers as a target with planted weaknesses (see PlantedWeaknesses) instead of solving arithmetic.
// Prints `listening on http://127.0.0.1:PORT/v1` and serves until killed.
var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard flag.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: assay-stub [--port N] [--latency S] [--fault-rate R] [--accuracy A] [--threads T] [--planted FAMILIES]\n".utf8))
        exit(2)
    }
    options[String(flag.dropFirst(2))] = value
}
var configuration = StubModelServer.Configuration(
    port: Int(options["port"] ?? "0") ?? 0,
    answer: options["planted"].map { list in
        PlantedWeaknesses.answer(weakTo: Set(list.split(separator: ",").compactMap { PlantedWeaknesses.Family(rawValue: String($0)) }))
    } ?? StubAnswers.arithmetic(accuracy: Double(options["accuracy"] ?? "1") ?? 1),
    faultRate: Double(options["fault-rate"] ?? "0") ?? 0,
    latency: Double(options["latency"] ?? "0") ?? 0,
    threads: Int(options["threads"] ?? "1") ?? 1
)
configuration.answersWholeConversation = options["planted"] != nil
let server = try await StubModelServer.start(configuration)
FileHandle.standardOutput.write(Data("listening on \(server.openAIBaseURL)\n".utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
