import AssayCore
import Foundation

// Inputs of the AssayCore benchmarks, built once, deterministically (no input depends on the clock or on a random seed).

let subjects = ["geography", "chemistry", "world history", "biology", "economics"]

/// Four options per question, the correct one at `index % 4`.
func options(_ index: Int) -> [String] {
    ["Paris \(index)", "Lyon \(index)", "Marseille \(index)", "Toulouse \(index)"]
}

// MARK: Prompt rendering

/// A multiple-choice template as suites declare it: a system prompt with a metadata placeholder, three few-shot
/// examples with their own options, and a question line, its options and an answer cue.
let promptTemplate = PromptTemplate(
    system: "You are taking a multiple-choice test on {{metadata.subject}}. Answer with the letter of the correct option only.",
    template: "Question: {{input}}\n{{choices}}\nAnswer:",
    fewShot: [
        FewShotExample(input: "Which gas do plants take in for photosynthesis?",
                       choices: ["Oxygen", "Carbon dioxide", "Nitrogen", "Helium"], answer: "B"),
        FewShotExample(input: "What is 7 multiplied by 8?", choices: ["54", "56", "58", "64"], answer: "B"),
        FewShotExample(input: "Which ocean lies between Africa and Australia?",
                       choices: ["Atlantic", "Arctic", "Indian", "Pacific"], answer: "C"),
    ]
)

/// 1,000 choice items with a subject in their metadata.
let renderItems: [Item] = (0..<1000).map { i in
    Item(prompt: "Which of these cities is the capital of the country described in passage \(i), given the map and the census table above?",
         target: .choice(index: i % 4, choices: options(i)), metadata: ["subject": subjects[i % subjects.count], "source": "bench"])
}

// MARK: Scoring

/// An item and one sample answering it.
struct Scored: Sendable {
    var item: Item
    var sample: Sample
}

func sample(for item: Item, _ text: String) -> Sample {
    Sample(runID: "bench", itemID: item.id, epoch: 0, messages: [], completion: Completion(text: text, finishReason: "stop"))
}

/// 1,000 chain-of-thought answers to number items (GSM8K style); about one in five is wrong, some use thousands
/// separators, currency or a trailing period.
let numberResponses: [Scored] = {
    var g = SeededGenerator(seed: 1)
    return (0..<1000).map { i in
        let a = Int.random(in: 2...400, using: &g), b = Int.random(in: 2...90, using: &g)
        let answer = a * b + 1000 * (i % 3)
        let item = Item(prompt: "A shop sells \(a) boxes of \(b) pencils each. How many pencils is that, plus \(1000 * (i % 3)) in stock?",
                        target: .number(Double(answer)))
        let given = i % 5 == 0 ? answer + 1 : answer
        let formatted = given >= 1000 ? "\(given / 1000),\(String(given % 1000).leftPadded(to: 3))" : "\(given)"
        let text = """
            Let's think step by step. Each box holds \(b) pencils and there are \(a) boxes, so \(a) × \(b) = \(a * b) pencils. \
            Adding the \(1000 * (i % 3)) pencils in stock gives \(a * b) + \(1000 * (i % 3)) = \(formatted).
            The answer is \(i % 2 == 0 ? "$" : "")\(formatted)\(i % 4 == 0 ? "." : "")
            """
        return Scored(item: item, sample: sample(for: item, text))
    }
}()

/// 1,000 answers to four-option items in the usual styles: a bare letter, a bracketed letter, "The answer is",
/// a letter with its option's text, and a letter at the end of an explanation.
let letterResponses: [Scored] = {
    (0..<1000).map { i in
        let item = Item(prompt: "Which city is the capital in passage \(i)?", target: .choice(index: i % 4, choices: options(i)))
        let picked = i % 7 == 0 ? (i + 1) % 4 : i % 4
        let letter = ChoiceLetters.letter(picked)
        let text: String
        switch i % 5 {
        case 0: text = letter
        case 1: text = "(\(letter))"
        case 2: text = "The answer is \(letter)."
        case 3: text = "\(letter). \(options(i)[picked])"
        default:
            text = "The passage says the government sits in \(options(i)[picked]), which the census table confirms. The correct answer is \(letter)."
        }
        return Scored(item: item, sample: sample(for: item, text))
    }
}()

/// 1,000 free-text answers of 15 to 40 words to text items whose references have 2 to 8 words.
let textResponses: [Scored] = {
    let words = ["the", "capital", "of", "france", "is", "paris", "river", "seine", "flows", "through", "city", "which", "has",
                 "about", "two", "million", "people", "living", "in", "its", "centre", "and", "many", "more", "around", "it"]
    var g = SeededGenerator(seed: 2)
    return (0..<1000).map { i in
        let reference = (0..<(2 + i % 7)).map { _ in words.randomElement(using: &g)! }.joined(separator: " ")
        var response = (0..<Int.random(in: 15...40, using: &g)).map { _ in words.randomElement(using: &g)! }
        if i % 3 == 0 { response.insert(contentsOf: reference.split(separator: " ").map(String.init), at: response.count / 2) }
        let item = Item(prompt: "Describe passage \(i) in one sentence.", target: .text([reference.capitalized + "."]))
        return Scored(item: item, sample: sample(for: item, response.joined(separator: " ").capitalized + "."))
    }
}()

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

// MARK: Statistics

/// 100,000 pass/fail scores (about 70% passes): the bootstrap's few-distinct-values path.
let passFail100k: [Double] = {
    var g = SeededGenerator(seed: 3)
    return (0..<100_000).map { _ in Double.random(in: 0..<1, using: &g) < 0.7 ? 1 : 0 }
}()

/// 100,000 distinct continuous scores in [0, 1): the bootstrap's general (index resampling) path.
let continuous100k: [Double] = {
    var g = SeededGenerator(seed: 4)
    return (0..<100_000).map { _ in Double.random(in: 0..<1, using: &g) }
}()

/// The cluster of each of the 100,000 scores: 1,000 clusters of 100, items interleaved.
let clusters100k: [String] = (0..<100_000).map { "passage-\($0 % 1000)" }

/// 100,000 scored units (one epoch each) of a pass/fail scorer, in 1,000 clusters, as a run's report feeds them to
/// ``MetricCalculator``.
let units100k: [ScoredUnit] = (0..<100_000).map { i in
    ScoredUnit(itemID: "item-\(i)", epoch: 0, cluster: clusters100k[i],
               score: passFail100k[i] == 1 ? .pass("exact_match") : .fail("exact_match"))
}

// MARK: Chat completions

/// A chat completions response body as an OpenAI-compatible server sends it, with `tokens` token log-probabilities
/// (0 for none: the body then has `"logprobs": null`).
func chatCompletionBody(tokens: Int) -> [UInt8] {
    let answer = "The passage says the government sits in Paris, which the census table confirms: it is the seat of the "
        + "national assembly and of the ministries, and the largest city by population. The correct answer is A."
    var logprobs = "null"
    if tokens > 0 {
        var g = SeededGenerator(seed: 5)
        let pieces = answer.split(separator: " ")
        let entries = (0..<tokens).map { k in
            let logprob = -Double.random(in: 0..<3, using: &g)
            return #"{"token":" \#(pieces[k % pieces.count])","logprob":\#(logprob),"bytes":[32,80,97],"top_logprobs":[]}"#
        }
        logprobs = #"{"content":[\#(entries.joined(separator: ","))],"refusal":null}"#
    }
    let body = #"""
        {"id":"chatcmpl-9f8e7d6c5b4a","object":"chat.completion","created":1767225600,"model":"qwen2.5-7b-instruct-q4_k_m",\#
        "system_fingerprint":"b4523-cpu","choices":[{"index":0,"message":{"role":"assistant","content":"\#(answer)",\#
        "tool_calls":[]},"logprobs":\#(logprobs),"finish_reason":"stop"}],\#
        "usage":{"prompt_tokens":412,"completion_tokens":\#(max(tokens, 48)),"total_tokens":\#(412 + max(tokens, 48))},\#
        "timings":{"prompt_n":412,"prompt_ms":181.2,"predicted_n":48,"predicted_ms":1536.4}}
        """#
    return Array(body.utf8)
}

let chatBody = chatCompletionBody(tokens: 0)
let chatBodyWithLogprobs = chatCompletionBody(tokens: 256)

/// What the OpenAI-compatible provider takes from a chat completions body (its `completion(fromChat:)` is internal):
/// parse with ``JSONLReader``, then read the first choice's text, finish reason and token log-probabilities, and the usage.
func readCompletion(_ body: [UInt8]) -> Completion? {
    guard let root = try? JSONLReader.parseValue(bytes: body), case .object(let object) = root,
          case .array(let choices)? = object["choices"], case .object(let choice)? = choices.first,
          case .object(let message)? = choice["message"] else { return nil }
    var logprobs: [TokenLogProb]?
    if case .object(let lp)? = choice["logprobs"], case .array(let entries)? = lp["content"] {
        logprobs = entries.compactMap { entry in
            guard case .object(let token) = entry, case .string(let piece)? = token["token"],
                  case .number(let logprob)? = token["logprob"] else { return nil }
            return TokenLogProb(token: piece, logprob: logprob)
        }
    }
    var usage: Usage?
    if case .object(let fields)? = object["usage"], let prompt = fields["prompt_tokens"]?.numberValue,
       let completion = fields["completion_tokens"]?.numberValue {
        usage = Usage(promptTokens: Int(prompt), completionTokens: Int(completion))
    }
    return Completion(text: message["content"]?.stringValue ?? "", logprobs: logprobs, usage: usage,
                      finishReason: choice["finish_reason"]?.stringValue, model: object["model"]?.stringValue)
}
