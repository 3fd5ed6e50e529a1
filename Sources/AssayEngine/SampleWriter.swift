import AssayStore
import Synchronization

/// Streams finished samples into the store: whatever has accumulated while the previous transaction ran is
/// written in the next one, so at low rates each sample is committed at once and at high rates writes batch up.
/// A crash loses at most the samples queued here and not yet committed (a few at most), plus requests in flight.
///
/// The queue is bounded: once `capacity` results wait, ``submit(_:)`` suspends its producer until a batch has been
/// taken. Without the bound, a store slower than the model (a deep index late in a million-sample run) let the queue,
/// and the process's memory, grow with the run.
final class SampleWriter: Sendable {
    private struct State {
        var buffer: [SampleResult] = []
        var waiter: CheckedContinuation<Void, Never>?
        /// Producers waiting for room in the buffer.
        var producers: [CheckedContinuation<Void, Never>] = []
        var finished = false
        /// Set when a write failed: producers stop at their next submit.
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let store: any Store
    private let maxBatch: Int
    private let capacity: Int

    init(store: any Store, maxBatch: Int = 512, capacity: Int = 2048) {
        self.store = store
        self.maxBatch = maxBatch
        self.capacity = max(capacity, maxBatch)
    }

    /// Queues a result, waiting while the queue is full; throws the store's error once a write has failed, so the run
    /// stops instead of piling up results.
    func submit(_ result: SampleResult) async throws {
        let (waiter, failure, full) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (any Error)?, Bool) in
            if let failure = state.failure { return (nil, failure, false) }
            state.buffer.append(result)
            defer { state.waiter = nil }
            return (state.waiter, nil, state.buffer.count >= capacity)
        }
        if let failure { throw failure }
        waiter?.resume()
        guard full else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.buffer.count < capacity || state.failure != nil || state.finished { return true }
                state.producers.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
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
                    let producers = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                        state.failure = error
                        defer { state.producers = [] }
                        return state.producers
                    }
                    producers.forEach { $0.resume() }
                    throw error
                }
                onWrite(batch)
            }
            if done { return }
        }
    }

    private func next() async -> ([SampleResult], Bool) {
        while true {
            let (taken, producers) = state.withLock { state -> (([SampleResult], Bool)?, [CheckedContinuation<Void, Never>]) in
                if !state.buffer.isEmpty {
                    let count = min(maxBatch, state.buffer.count)
                    let batch = Array(state.buffer.prefix(count))
                    state.buffer.removeFirst(count)
                    let room = state.buffer.count < capacity ? state.producers : []
                    if !room.isEmpty { state.producers = [] }
                    return ((batch, state.finished && state.buffer.isEmpty), room)
                }
                return (state.finished ? ([], true) : nil, [])
            }
            producers.forEach { $0.resume() }
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
