import AssayCore
import Foundation
import Testing

/// ``StoredJSON`` reads what ``JSONWriter`` and `JSONEncoder` write exactly as `JSONDecoder` does, and declines the
/// shapes it leaves to `JSONDecoder`.
@Suite struct StoredJSONTests {
    private func decoded<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
    private func encoded<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }

    @Test func readsWhatTheWritersWriteAsJSONDecoderDoes() throws {
        let awkward = JSONWriterTests.awkward
        let messages: [Message] = [.system(awkward), .user("plain"), .assistant("")]
        for text in [JSONWriter.messages(messages), try encoded(messages)] {
            #expect(StoredJSON.messages(text) == messages)
            #expect(try StoredJSON.messages(text) == decoded([Message].self, text))
        }
        let targets: [Target] = [.none, .text([awkward, "b"]), .text([]), .number(0.1), .number(-3e-7), .number(1_000_000),
                                 .choice(index: 2, choices: ["x", awkward, "z"]), .facts(["f1", "f2"])]
        for target in targets {
            for text in [try #require(JSONWriter.target(target)), try encoded(target)] {
                #expect(StoredJSON.target(text) == target, "\(text)")
                #expect(try StoredJSON.target(text) == decoded(Target.self, text))
            }
        }
        for strings in [[], ["a", awkward]] {
            #expect(StoredJSON.strings(JSONWriter.strings(strings)) == strings)
        }
        let map = ["k": awkward, "empty": "", "ü": "v"]
        #expect(StoredJSON.stringMap(JSONWriter.stringMap(map)) == map)
        #expect(StoredJSON.stringMap("{}") == [:])
        let provenances = [Provenance(origin: .authored, source: "items.jsonl:12"),
                           Provenance(origin: .mutated, source: awkward, parent: "abc", operator: "base64", generatorModel: "openai:m"),
                           Provenance(origin: .imported)]
        for provenance in provenances {
            for text in [try #require(JSONWriter.provenance(provenance)), try encoded(provenance)] {
                #expect(StoredJSON.provenance(text) == provenance, "\(text)")
                #expect(try StoredJSON.provenance(text) == decoded(Provenance.self, text))
            }
        }
    }

    @Test func declinesShapesLeftToJSONDecoder() throws {
        #expect(StoredJSON.target(try encoded(Target.behavior(.refuse))) == nil)
        #expect(StoredJSON.target(#"{"kind":"choice","index":1.5,"choices":["a","b"]}"#) == nil)
        #expect(StoredJSON.target(#"{"kind":"text"}"#) == nil)
        #expect(StoredJSON.provenance(try encoded(Provenance(origin: .generated, createdAt: Date(timeIntervalSince1970: 1)))) == nil)
        #expect(StoredJSON.provenance(#"{"origin":"nowhere"}"#) == nil)
        #expect(StoredJSON.messages(#"[{"role":"user","content":"a","name":"x"}]"#) == nil)
        #expect(StoredJSON.messages(#"[{"role":"robot","content":"a"}]"#) == nil)
        #expect(StoredJSON.strings(#"["a", 1]"#) == nil)
        #expect(StoredJSON.stringMap(#"{"a": null}"#) == nil)
        #expect(StoredJSON.messages("not json") == nil)
    }
}
