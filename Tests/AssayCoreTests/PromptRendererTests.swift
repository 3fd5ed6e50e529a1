import Testing
@testable import AssayCore

struct PromptRendererTests {
    @Test func defaultTemplatePassesTheItemThrough() {
        let item = Item(prompt: "What is 2 + 2?", target: .number(4))
        #expect(PromptRenderer.messages(for: item, template: PromptTemplate()) == [.user("What is 2 + 2?")])
    }

    @Test func systemFewShotAndChoices() {
        let template = PromptTemplate(
            system: "Answer with the letter only.",
            template: "Question: {{input}}\n{{choices}}\nAnswer:",
            fewShot: [
                FewShotExample(input: "Which is a color?", choices: ["Dog", "Red"], answer: "B"),
                FewShotExample(input: "Say hi", answer: "hi"),
            ]
        )
        let item = Item(prompt: "Which is wet?", target: .choice(index: 0, choices: ["Water", "Sand", "Dust"]))
        #expect(PromptRenderer.messages(for: item, template: template) == [
            .system("Answer with the letter only."),
            .user("Question: Which is a color?\nA. Dog\nB. Red\nAnswer:"),
            .assistant("B"),
            .user("Question: Say hi\nAnswer:"),
            .assistant("hi"),
            .user("Question: Which is wet?\nA. Water\nB. Sand\nC. Dust\nAnswer:"),
        ])
    }

    @Test func itemSystemMessageWinsOverTheTemplate() {
        let item = Item(input: [.system("Item system"), .user("first"), .assistant("reply"), .user("second")], target: .none)
        let template = PromptTemplate(system: "Template system", template: "<{{input}}>")
        #expect(PromptRenderer.messages(for: item, template: template) == [
            .system("Item system"), .user("first"), .assistant("reply"), .user("<second>"),
        ])
    }

    @Test func metadataAndUnknownPlaceholders() {
        let item = Item(prompt: "x", target: .none, metadata: ["subject": "chemistry"])
        let rendered = PromptRenderer.render("About {{metadata.subject}}: {{input}} {{unknown}} {{metadata.missing}} {{ input }}",
                                             input: "x", choices: nil, metadata: item.metadata)
        #expect(rendered == "About chemistry: x {{unknown}} {{metadata.missing}} x")
    }

    @Test func valuesAreNotExpandedAgain() {
        let rendered = PromptRenderer.render("{{input}} / {{choices}}", input: "literal {{choices}}", choices: ["a"], metadata: [:])
        #expect(rendered == "literal {{choices}} / A. a")
    }

    @Test func emptyStandalonePlaceholderLinesAreDropped() {
        #expect(PromptRenderer.render("{{input}}\n{{choices}}", input: "Q", choices: nil, metadata: [:]) == "Q")
        #expect(PromptRenderer.render("{{input}}\n  {{choices}}\nEnd", input: "Q", choices: nil, metadata: [:]) == "Q\nEnd")
        #expect(PromptRenderer.render("{{input}}\nChoices: {{choices}}", input: "Q", choices: nil, metadata: [:]) == "Q\nChoices: ")
        #expect(PromptRenderer.render("A{{x", input: "Q", choices: nil, metadata: [:]) == "A{{x")
    }

    @Test func choiceLetters() {
        #expect(ChoiceLetters.letter(0) == "A")
        #expect(ChoiceLetters.letter(25) == "Z")
        #expect(ChoiceLetters.letter(26) == "AA")
        #expect(ChoiceLetters.letter(27) == "AB")
        #expect(ChoiceLetters.index(of: "A") == 0)
        #expect(ChoiceLetters.index(of: " d ") == 3)
        #expect(ChoiceLetters.index(of: "AB") == 27)
        #expect(ChoiceLetters.index(of: "7") == nil)
        #expect(ChoiceLetters.index(of: "") == nil)
        for i in [0, 5, 25, 26, 51, 52, 700] { #expect(ChoiceLetters.index(of: ChoiceLetters.letter(i)) == i) }
        #expect(ChoiceLetters.lines(["x", "y"]) == "A. x\nB. y")
    }
}
