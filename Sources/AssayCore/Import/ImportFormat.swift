/// A public evaluation dataset layout that ``SuiteImporter`` can read.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// GSM8K: JSONL with `question` and `answer` (worked solution ending in `#### N`).
    case gsm8k
    /// MMLU: one CSV per subject (`question`, four options, answer), with an optional `dev/` few-shot split.
    case mmlu
    /// TruthfulQA: CSV with best correct and best incorrect answers.
    case truthfulqa
    /// PIQA: JSONL (`goal`, `sol1`, `sol2`) with a line-aligned `-labels.lst` file.
    case piqa
    /// CommonsenseQA: JSONL with five lettered choices and `answerKey`.
    case commonsenseqa
    /// HarmBench text behaviors: CSV of harmful requests, some with a context string.
    case harmbench
    /// AdvBench harmful behaviors: CSV with `goal` and an affirmative `target`.
    case advbench
    /// XSTest: CSV of safe prompts that look unsafe, and unsafe contrast prompts.
    case xstest
    /// Anthropic model-written evaluations: JSONL with `answer_matching_behavior` and `answer_not_matching_behavior`.
    case anthropicEvals = "anthropic-evals"
}
