import Foundation
import Testing
@testable import AssayCore

/// The JSON Lines reader and writer behind items files.
struct SuiteJSONLTests {
    @Test func parsesValuesOfEveryKind() throws {
        let value = try JSONLReader.parseValue(#" {"s": "a\"b\\c\n\u00e9\ud83d\ude00", "n": -12.5e2, "i": 0, "t": true, "f": false, "z": null, "l": [1, [], {}]} "#)
        #expect(value == .object([
            "s": .string("a\"b\\c\né😀"), "n": .number(-1250), "i": .number(0), "t": .bool(true), "f": .bool(false),
            "z": .null, "l": .array([.number(1), .array([]), .object([:])]),
        ]))
    }

    @Test func rejectsMalformedJSONWithAColumn() {
        let cases: [(String, String)] = [
            (#"{"a": 01}"#, "malformed JSON: leading zero in number at column 8"),
            (#"{"a": tru}"#, "malformed JSON: invalid literal (expected 'true') at column 7"),
            (#"{"a": "x}"#, "malformed JSON: unterminated string at column 7"),
            (#"{"a" 1}"#, "malformed JSON: expected ':' after member name at column 6"),
            (#"{"a": 1} x"#, "malformed JSON: unexpected text after the value at column 10"),
            (#"{a: 1}"#, "malformed JSON: expected a member name in quotes at column 2"),
            (#"["\x"]"#, #"malformed JSON: invalid escape '\x' at column 3"#),
        ]
        for (text, message) in cases {
            #expect(throws: JSONLReader.Problem(line: 1, message: message)) { try JSONLReader.parseValue(text) }
        }
    }

    @Test func linesBlankLinesAndCRLF() throws {
        let text = try TextFile.decode(Array("\u{FEFF}{\"a\":1}\r\n\r\n  \n{\"b\":2}\n{bad\n".utf8), file: "x.jsonl")
        let (records, problems) = JSONLReader.parse(text)
        #expect(records == [JSONLReader.Record(line: 1, value: .object(["a": .number(1)])), JSONLReader.Record(line: 4, value: .object(["b": .number(2)]))])
        #expect(problems.map(\.line) == [5])
    }

    @Test func serializationIsCanonicalAndRoundTrips() throws {
        let value = JSONLValue.object(["z": .number(3), "a": .array([.string("line\nbreak \"q\" \u{1}"), .number(2.5), .bool(false), .null])])
        #expect(value.serialized == #"{"a":["line\nbreak \"q\" \u0001",2.5,false,null],"z":3}"#)
        #expect(try JSONLReader.parseValue(value.serialized) == value)
    }

    @Test func foundationAgreesWithOurWriter() throws {
        let value = JSONLValue.object(["text": .string("tab\there ünï ✓ / \\"), "n": .number(-0.001)])
        let parsed = try JSONSerialization.jsonObject(with: Data(value.serialized.utf8)) as? [String: Any]
        #expect(parsed?["text"] as? String == "tab\there ünï ✓ / \\")
        #expect((parsed?["n"] as? NSNumber)?.doubleValue == -0.001)
    }
}
