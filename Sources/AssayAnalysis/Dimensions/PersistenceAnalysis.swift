import AssayCore
import AssayStore

/// Persistence against ability: for each task length, the attempt rate, the accuracy given an attempt and the overall
/// accuracy (each a Wilson interval over samples), overall and per task, with the category counts. A drop in overall
/// accuracy with a steady accuracy given an attempt is unwillingness, not inability.
enum PersistenceAnalysis {
    static func report(_ input: DimensionInput) -> DimensionReport {
        var report = DimensionReport(kind: .persistence, run: input.runID)
        struct Reading {
            var task: String
            var length: Int
            var category: PersistenceTasks.Category
        }
        var readings: [Reading] = []
        for entry in input.entries {
            guard let task = entry.item.metadata["task"], let length = entry.item.metadata["length"].flatMap(Int.init) else { continue }
            for result in entry.results where result.sample.error == nil {
                let category = PersistenceTasks.classify(item: entry.item, text: result.sample.text,
                                                         finishReason: result.sample.completion?.finishReason)
                readings.append(Reading(task: task, length: length, category: category))
            }
        }
        guard !readings.isEmpty else {
            report.notes.append("no answered persistence items")
            return report
        }
        let lengths = Set(readings.map(\.length)).sorted()
        let tasks = Set(readings.map(\.task)).sorted()
        for task in [nil] + tasks.map(Optional.some) {
            for length in lengths {
                let at = readings.filter { $0.length == length && (task == nil || $0.task == task) }
                guard !at.isEmpty else { continue }
                let group = (task.map { "\($0) " } ?? "") + "n=\(length)"
                let attempted = at.filter(\.category.attempted)
                let solved = at.filter { $0.category == .solved }.count
                report.estimates.append(.rate("attempt_rate", group: group, x: Double(length), successes: Double(attempted.count), n: at.count))
                report.estimates.append(.rate("accuracy_given_attempt", group: group, x: Double(length), successes: Double(solved), n: attempted.count))
                report.estimates.append(.rate("accuracy", group: group, x: Double(length), successes: Double(solved), n: at.count))
                if task == nil {
                    for category in PersistenceTasks.Category.allCases {
                        report.counts[group, default: [:]][category.rawValue] = at.filter { $0.category == category }.count
                    }
                }
            }
        }
        let cutOff = readings.filter { $0.category == .cutOff }.count
        if cutOff > 0 {
            report.notes.append("\(cutOff) answers hit the token limit (cut_off): they count as attempts, but raise generation.max_tokens to let them finish")
        }
        return report
    }
}
