import AssayCore
import AssayStore
import AssayTestKit
import Foundation
import Testing

/// Distributed runs: workers sharing a run through the store's work queue. On PostgreSQL when
/// `ASSAY_TEST_POSTGRES_URL` is set (CI), else on a SQLite file shared by the worker processes.
@Suite(.serialized) struct DistributedCLITests {
    static func freshStore(in directory: URL) throws -> String {
        guard ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES_URL"] != nil else { return directory.appendingPathComponent("queue.db").path }
        return try PostgresCLITests.freshDatabase()
    }

    static func open(_ location: String) throws -> any Store { try StoreFactory.open(location) }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func fourWorkersOneKilledMidLeaseCompleteEveryUnitOnceWithTheMetricsOfOneProcess() async throws {
        let directory = try CLI.temporaryDirectory()
        let suite = try CLI.arithmeticSuite(count: 2_000, in: directory)
        let db = try Self.freshStore(in: directory)
        // 20% of requests fail (500s and malformed bodies); answers are decided by the prompt, so every attempt agrees.
        let configuration = StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.6), faultRate: 0.2,
                                                          faults: [.serverError, .malformedJSON], latency: 0.003, threads: 2)
        try await StubModelServer.with(configuration) { server in
            let model = "openai:stub@\(server.openAIBaseURL)"
            let queued = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", db, "--distributed", "--no-cache", "--json"], in: directory)
            #expect(queued.status == 0, "\(queued.stderr)")
            let runID = try #require(try Self.json(queued.stdout)["run"] as? String)
            #expect(queued.stderr.contains("2000 units queued"))

            let workerArguments = ["worker", "--db", db, "--lease", "3", "--concurrency", "4", "--max-attempts", "30", "--no-cache"]
            var workers = try (0..<4).map { _ in try CLI.start(workerArguments, in: directory) }
            let store = try Self.open(db)
            func done() async throws -> Int { try await store.queueCounts(runID: runID).done }
            var deadline = Date().addingTimeInterval(120)
            while try await done() < 500, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            // The first worker dies holding leases; a fifth starts later.
            let leasedBefore = try await store.queueCounts(runID: runID).leased
            #expect(leasedBefore > 0, "workers hold leases while they work")
            kill(workers[0].0.processIdentifier, SIGKILL)
            try await Task.sleep(for: .seconds(1))
            workers.append(try CLI.start(workerArguments, in: directory))
            deadline = Date().addingTimeInterval(240)
            while try await done() < 2_000, Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }

            let counts = try await store.queueCounts(runID: runID)
            #expect(counts == QueueCounts(pending: 0, leased: 0, done: 2_000, reclaimed: counts.reclaimed))
            #expect(counts.reclaimed >= 1, "the killed worker's units were leased again")
            #expect(try await store.counts(runID: runID) == (samples: 2_000, errors: 0))
            #expect(try await store.scoreRows(runID: runID).count == 2_000, "one score per unit: nothing stored twice")
            #expect(server.statistics.faultsInjected > 200)

            // The survivors stop on SIGTERM, finishing what they hold.
            for (process, out, _) in workers.dropFirst() {
                kill(process.processIdentifier, SIGTERM)
                while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
                #expect(process.terminationStatus == 0)
                let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                #expect(text.contains(" samples ("), "\(text)")
            }
            let record = try #require(try await store.run(id: runID))
            #expect(record.status == .completed)

            // The metrics equal a single-process run of the same suite.
            let shown = try await CLI.run(["runs", "show", runID, "--db", db, "--json"], in: directory)
            let single = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", directory.appendingPathComponent("single.db").path,
                                            "--no-cache", "--max-attempts", "30", "--json"], in: directory)
            let a = try Self.json(shown.stdout)["metrics"] as? [[String: Any]] ?? []
            let b = try Self.json(single.stdout)["metrics"] as? [[String: Any]] ?? []
            #expect(!a.isEmpty && NSArray(array: a).isEqual(to: b))
        }
    }

    /// Runs `.ci/postgres` with `arguments` through `system(3)`, which waits on exactly its child: Foundation's
    /// `Process` never saw this script exit (its `runuser` grandchildren daemonize the server).
    static func postgres(_ arguments: [String]) async throws {
        let script = CLI.repositoryRoot.appendingPathComponent(".ci/postgres").path
        let command = ([script] + arguments).map { "'\($0)'" }.joined(separator: " ") + " >/dev/null 2>&1"
        let status = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: system(command)) }
        }
        #expect(status == 0, "\(arguments)")
    }

    /// A private cluster (its own folder and port, so the other PostgreSQL tests keep theirs) is stopped for three
    /// seconds mid-run; the workers retry with backoff, reconnect, and the run completes.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES_URL"] != nil))
    func workersRideOutAPostgresRestart() async throws {
        let directory = try CLI.temporaryDirectory()
        let cluster = "/tmp/assay-pg-restart-\(UUID().uuidString.prefix(8))"
        // Below Linux's ephemeral range (32768-60999): the other tests' servers bind port 0 and their clients get
        // ephemeral ports, and one of them once held the port this cluster was to listen on (a CI run failed so).
        let port = String(21_000 + Int.random(in: 0..<1_000))
        try await Self.postgres(["start", cluster, port])
        let db = "postgres://postgres@127.0.0.1:\(port)/postgres"
        let suite = try CLI.arithmeticSuite(count: 600, in: directory)
        try await StubModelServer.with(StubModelServer.Configuration(answer: StubAnswers.arithmetic(accuracy: 0.6), latency: 0.01, threads: 2)) { server in
            let model = "openai:stub@\(server.openAIBaseURL)"
            let queued = try await CLI.run(["run", "--suite", suite.path, "--model", model, "--db", db, "--distributed", "--no-cache", "--json"], in: directory)
            #expect(queued.status == 0, "\(queued.stderr)")
            let runID = try #require(try Self.json(queued.stdout)["run"] as? String)
            let workerArguments = ["worker", "--db", db, "--lease", "5", "--concurrency", "4", "--exit-when-idle", "--no-cache"]
            let workers = try (0..<2).map { _ in try CLI.start(workerArguments, in: directory) }
            let store = try Self.open(db)
            var deadline = Date().addingTimeInterval(120)
            while try await store.queueCounts(runID: runID).done < 150, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            try await Self.postgres(["stop", cluster])
            try await Task.sleep(for: .seconds(3))
            try await Self.postgres(["start", cluster, port])
            deadline = Date().addingTimeInterval(180)
            for (process, _, _) in workers {
                while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
                if process.isRunning {
                    Issue.record("a worker did not finish after the restart")
                    kill(process.processIdentifier, SIGKILL)
                    while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(process.terminationStatus == 0)
            }
            let errors = workers.map { String(decoding: $0.2.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }.joined()
            #expect(errors.contains("retrying"), "the workers saw the store go away: \(errors.suffix(600))")
            let counts = try await store.queueCounts(runID: runID)
            #expect(counts.done == 600 && counts.pending == 0 && counts.leased == 0)
            #expect(try await store.counts(runID: runID).samples == 600)
            #expect(try await store.run(id: runID)?.status == .completed)
        }
        try await Self.postgres(["stop", cluster])
        try? FileManager.default.removeItem(atPath: cluster)
    }
}
