import AssayCore
import AssayProviders
import ArgumentParser
import Foundation

/// The `assay` command: parses arguments, prints, and maps errors to exit codes
/// (0 success, 1 runtime failure, 2 bad usage or bad input).
@main
struct Assay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assay",
        abstract: "Evaluate AI models with error bars: capability, safety and red-team suites.",
        discussion: """
            Examples:
              assay run                   # starter suite, bundled local model
              assay run --suite gsm8k --model openai:gpt-4o-mini --limit 200
              assay run --model openai:qwen@http://127.0.0.1:8000/v1 --json
              assay suites import gsm8k ../shared/data/gsm8k/test.jsonl
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, RunsCommand.self, SuitesCommand.self, EvolveCommand.self, EvolutionsCommand.self, ModelsCommand.self, ServeCommand.self, CompareCommand.self, GateCommand.self, PowerCommand.self, JudgesCommand.self, SeriesCommand.self, LadderCommand.self, ForecastCommand.self, ChangePointsCommand.self, LabCommand.self, OmissionCommand.self, GoodhartCommand.self, TelemetryCommand.self, FindingsCommand.self, ImportCommand.self, ExportCommand.self, WorkerCommand.self]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as AssayError {
            Terminal.error(error.description)
            Foundation.exit(error.exitCode)
        } catch is CancellationError {
            Terminal.error("interrupted")
            Foundation.exit(130)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let exit = error as? ExitCode {
                Foundation.exit(exit.rawValue)
            }
            Terminal.error(fullMessage(for: error))
            // ArgumentParser uses 64 for usage errors; Assay's contract is 2.
            Foundation.exit(code == .validationFailure ? 2 : (code.rawValue == 64 ? 2 : 1))
        }
    }
}

/// How requests to models are made: shared by the commands that call models (each attempt counts in an evolve budget).
struct RequestOptions: ParsableArguments {
    @Option(name: .long, help: "Seconds one request may take before it is retried.")
    var timeout: Double = 120

    @Option(name: .customLong("max-attempts"), help: "Attempts per request, the first included.")
    var maxAttempts: Int = 8

    func validate() throws {
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    var retry: RetryPolicy { RetryPolicy(maxAttempts: maxAttempts) }
}

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store: a SQLite file (default .assay/assay.db, or ASSAY_DB).")
    var db: String?
}
