import AssayStore
import Synchronization

/// Streams finished samples into the store: whatever has accumulated while the previous transaction ran is
/// written in the next one, so at low rates each sample is committed at once and at high rates writes batch up.
/// A crash loses at most the samples queued here and not yet committed (a few at most), plus requests in flight.
final class SampleWriter: Sendable {
    private struct State {
        var buffer: [SampleResult] = []
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
        /// Set when a write failed: producers stop at their next submit.
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let store: any Store
    private let maxBatch: Int

    init(store: any Store, maxBatch: Int = 512) {
        self.store = store
        self.maxBatch = maxBatch
    }

    /// Queues a result; throws the store's error once a write has failed, so the run stops instead of piling up results.
    func submit(_ result: SampleResult) throws {
        let (waiter, failure) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (any Error)?) in
            if let failure = state.failure { return (nil, failure) }
            state.buffer.append(result)
            defer { state.waiter = nil }
            return (state.waiter, nil)
        }
        if let failure { throw failure }
        waiter?.resume()
    }

    /// No more samples will come; ``run(onWrite:)`` drains and returns.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Writes batches until finished and drained. `onWrite` is called after each committed batch.
    func run(onWrite: ([SampleResult]) -> Void) async throws {
        while true {
            let (batch, done) = await next()
            if !batch.isEmpty {
                // Finished samples are stored even when the run is being cancelled (Ctrl-C): the store's async API
                // refuses to start work in a cancelled task, so the write runs in a task that does not inherit cancellation.
                let store = self.store
                do {
                    try await Task { try await store.record(batch) }.value
                } catch {
                    state.withLock { $0.failure = error }
                    throw error
                }
                onWrite(batch)
            }
            if done { return }
        }
    }

    private func next() async -> ([SampleResult], Bool) {
        while true {
            let taken: ([SampleResult], Bool)? = state.withLock { state in
                if !state.buffer.isEmpty {
                    let count = min(maxBatch, state.buffer.count)
                    let batch = Array(state.buffer.prefix(count))
                    state.buffer.removeFirst(count)
                    return (batch, state.finished && state.buffer.isEmpty)
                }
                return state.finished ? ([], true) : nil
            }
            if let taken { return taken }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.buffer.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
