import Foundation
import Testing
@testable import AssayCore

/// `../shared/data/gsm8k/test.jsonl` next to the repository, when present.
private let gsm8kPath: String = {
    var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    for _ in 0..<4 { url.deleteLastPathComponent() }  // file, AssayCoreTests, Tests, repository
    return url.appendingPathComponent("shared/data/gsm8k/test.jsonl").path
}()

@Suite("Normalizer on GSM8K", .enabled(if: FileManager.default.fileExists(atPath: gsm8kPath)))
struct NormalizerDatasetTests {
    /// Every GSM8K worked solution ends with `#### N`; the last number of the whole solution is N,
    /// despite `<<a*b=c>>` annotations, `$`, thousands separators and decimals earlier in the text.
    @Test func lastNumberOfEveryWorkedSolutionIsTheFinalAnswer() async throws {
        let text = try String(contentsOfFile: gsm8kPath, encoding: .utf8)
        let scorer = ExactMatchScorer(normalize: .number)
        var checked = 0
        for line in text.split(separator: "\n") where !line.isEmpty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let answer = try #require(object["answer"] as? String)
            let marker = try #require(answer.range(of: "#### ", options: .backwards))
            let finalText = answer[marker.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            let expected = try #require(Double(finalText.replacingOccurrences(of: ",", with: "")), "\(finalText)")
            #expect(Normalizer.number(in: answer) == expected, "\(finalText)")
            let item = Item(prompt: "q", target: .number(expected))
            let sample = Sample(runID: "r", itemID: item.id, epoch: 0, messages: [], completion: Completion(text: answer))
            #expect(await scorer.score(item: item, sample: sample).verdict == .pass)
            checked += 1
        }
        #expect(checked > 100)
    }
}
