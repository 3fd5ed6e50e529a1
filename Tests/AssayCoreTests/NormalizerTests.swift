import Testing
@testable import AssayCore

@Suite("Normalizer")
struct NormalizerTests {
    @Test(arguments: [
        ("The Capital, of FRANCE!", "capital of france"),
        ("  An   apple\n\ta day ", "apple day"),
        ("Don't stop", "dont stop"),
        ("U.S.A.", "usa"),
        ("well-known", "well known"),
        ("It costs 3.5 dollars.", "it costs 3.5 dollars"),
        ("1,234 people", "1234 people"),
        ("3,4", "3 4"),
        ("(B) Paris", "b paris"),
        ("the", ""),
        ("Über Café", "über café"),
    ])
    func text(input: String, expected: String) {
        #expect(Normalizer.text(input) == expected)
    }

    @Test(arguments: [
        ("1,234", 1234.0),
        ("-5", -5),
        ("The temperature is -5 degrees", -5),
        ("3.50", 3.5),
        ("$12", 12),
        ("42.", 42),
        ("The answer is 42", 42),
        ("x = 3, y = 7", 7),
        ("1,234,567.89", 1_234_567.89),
        ("pages 3-5", 5),
        ("\u{2212}7", -7),
        ("about .5 of it", 0.5),
        ("COVID-19", 19),
        ("1,2,3", 3),
        ("#### 1,000", 1000),
        ("50% of 80 is 40.", 40),
        ("Step 1: add 2 and 3 to get 5.\nSo the answer is 5", 5),
    ])
    func number(input: String, expected: Double) {
        #expect(Normalizer.number(in: input) == expected)
    }

    @Test func numbersInOrderAndNone() {
        #expect(Normalizer.numbers(in: "pages 3-5") == [3, 5])
        #expect(Normalizer.numbers(in: "from -2.5 to 1,000") == [-2.5, 1000])
        #expect(Normalizer.number(in: "no digits here") == nil)
        #expect(Normalizer.number(in: "") == nil)
        #expect(Normalizer.number(in: "version 1.2.3") == 3)
    }

    @Test func wholeNumber() {
        #expect(Normalizer.wholeNumber("$1,234") == 1234)
        #expect(Normalizer.wholeNumber(" -0.25 ") == -0.25)
        #expect(Normalizer.wholeNumber("12 apples") == nil)
        #expect(Normalizer.wholeNumber("1 and 2") == nil)
    }

    @Test(arguments: [
        ("B", 1), ("b", 1), ("(B)", 1), ("B.", 1), ("**C**", 2), ("[D]", 3),
        ("Answer: B", 1), ("answer: (c)", 2), ("The answer is B) Paris", 1), ("The correct answer is (D).", 3),
        ("Paris", 1), ("paris.", 1), ("Paris\nBecause it is the capital.", 1), ("Answer: Paris", 1),
        ("A. London", 0), ("(C) Rome, since...", 2), ("The answer is not A. The answer is C.", 2),
        ("I'd pick option C because it fits.", 2), ("Final answer: **A**", 0),
    ] as [(String, Int)])
    func choiceIndex(response: String, expected: Int) {
        let choices = ["London", "Paris", "Rome", "Berlin"]
        #expect(Normalizer.choiceIndex(in: response, choices: choices) == expected)
    }

    @Test(arguments: [
        "E", "The answer is a city", "I think it is a tough one", "", "Maybe (A) or maybe (B)", "answers vary",
    ])
    func choiceIndexNone(response: String) {
        #expect(Normalizer.choiceIndex(in: response, choices: ["London", "Paris", "Rome", "Berlin"]) == nil)
    }

    @Test func numberEquality() {
        #expect(Normalizer.sameNumber(0.1 + 0.2, 0.3))
        #expect(!Normalizer.sameNumber(1, 1.001))
        #expect(Normalizer.sameNumber(0, 0))
        #expect(!Normalizer.sameNumber(0, 1e-300))
    }
}
