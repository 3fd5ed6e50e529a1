import AssayEngine
import Foundation
import Synchronization

/// Shows a run's progress: a redrawn bar on a terminal, a plain line every few seconds otherwise.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw = 0.0
        var drawn = false
    }

    private let label: String
    private let interactive: Bool
    private let state = Mutex(State())

    init(label: String, interactive: Bool = Terminal.stderrIsTTY) {
        self.label = label
        self.interactive = interactive
    }

    func handle(_ event: RunEvent) {
        switch event {
        case .started(let runID, let total, let done, let resumed):
            if resumed {
                Terminal.note("resuming run \(runID): \(done) of \(total) samples already stored")
            } else {
                Terminal.note("run \(runID): \(total) samples (\(label))")
            }
        case .progress(let progress):
            let now = ProcessInfo.processInfo.systemUptime
            let finished = progress.done >= progress.total
            let draw = state.withLock { state -> Bool in
                let interval = interactive ? 0.1 : 5.0
                guard finished || now - state.lastDraw >= interval else { return false }
                state.lastDraw = now
                state.drawn = true
                return true
            }
            guard draw else { return }
            if interactive {
                Terminal.raw("\r\u{1B}[2K" + Self.line(progress, width: 28) + (finished ? "\n" : ""))
            } else {
                Terminal.note(Self.line(progress, width: 0))
            }
        case .notice(let message):
            if interactive && state.withLock({ $0.drawn }) { Terminal.raw("\r\u{1B}[2K") }
            Terminal.note("note: \(message)")
        }
    }

    /// `[██████░░░░] 45/100  12.3/s  ETA 0:05  errors 0` (without the bar when `width` is 0).
    static func line(_ p: RunProgress, width: Int) -> String {
        var parts: [String] = []
        if width > 0 {
            let filled = p.total > 0 ? Int(Double(width) * Double(p.done) / Double(p.total)) : width
            parts.append("[" + String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, width - filled)) + "]")
        }
        parts.append("\(p.done)/\(p.total)")
        parts.append(String(format: "%.1f/s", p.rate))
        parts.append("ETA " + (p.eta.map(Self.clock) ?? "--:--"))
        parts.append("errors \(p.errors)")
        if p.cached > 0 { parts.append("cached \(p.cached)") }
        return parts.joined(separator: "  ")
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
