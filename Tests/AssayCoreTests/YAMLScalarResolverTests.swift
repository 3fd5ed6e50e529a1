@testable import AssayCore
import Testing
import Yams

/// The hand-written resolver must give every plain scalar the tag Yams' default (regular-expression) resolver gives it.
struct YAMLScalarResolverTests {
    private func yams(_ text: String) -> Yams.Tag.Name { Yams.Tag.Name(rawValue: Yams.Node(text).tag.rawValue) }

    @Test func agreesWithYamsOnEdgeCases() {
        let cases = [
            "", "~", "null", "Null", "NULL", "nULL", "yes", "Yes", "YES", "yEs", "no", "on", "OFF", "y", "n", "true", "False",
            "0", "-0", "+0", "00", "07", "08", "0o17", "0o", "0b1010", "0b", "0b2", "0x1F", "0xg", "0x", "-0x_1", "1_000",
            "12", "-12", "+12", "1:20", "1:60", "1:5", "190:20:30", "0:20", "1:", ":20", "1::20", "1:2:3",
            "1.5", "1.", ".5", "._5", ".", "-.5", "1e5", "1E+5", "1e", "1.5e-3", ".5e3", ".5e+3", "1_0.0_1", "+1.5",
            "190:20:30.15", "1:20.", "1:20.5_0", ".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", "-.nan", "inf", "nan",
            "<<", "=", "==", "2001-12-14", "2001-1-4", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
            "2001-12-14 21:59:43.10Z", "2001-12-14T21:59:43", "2001-12-14\t21:59:43", "2001-12-14 21:59:43 Z",
            "2001-12-14T1:59:43", "2001-12-14T21:5:43", "2001-12-14T21:59:43.", "2001-12-14T21:59:43+05:0",
            "2001-12-14T21:59:43+123", "20011-12-14", "2001-123-14", "2001-12-143", "hello", "12abc", "1 2", "١٢",
        ]
        for text in cases {
            #expect(YAMLScalarResolver.tag(plain: text) == yams(text), "\(text.debugDescription)")
        }
    }

    @Test func agreesWithYamsOnRandomScalars() {
        let alphabet = Array("0123456789012345+-._:eExXoObBTtZ \tinfaNnulyes~=<")
        var g = SeededGenerator(seed: 20_261_206)
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            let length = Int(g.next() % 12)
            let text = String((0..<length).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
            if YAMLScalarResolver.tag(plain: text) != yams(text) { disagreements.append(text) }
        }
        let timestamps = (0..<2_000).map { i in
            "20\(i % 10)\(i % 7)-\(i % 13)-\(i % 29)\(["T", " ", "t", "  "][i % 4])\(i % 24):\(10 + i % 50):\(10 + i % 49)\(["", ".5", "Z", " -5", "+05:30", " Z"][i % 6])"
        }
        for text in timestamps where YAMLScalarResolver.tag(plain: text) != yams(text) { disagreements.append(text) }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).map(\.debugDescription))")
    }

    @Test func quotedAndExplicitlyTaggedScalarsKeepTheirTag() throws {
        let root = try #require(try YAMLScalarResolver.compose("a: '3'\nb: 3\nd: \"true\"\ne: !!int \"7\"\nf: [1, x]\n"))
        guard case .mapping(let m) = root else { Issue.record("not a mapping"); return }
        let tags = Dictionary(uniqueKeysWithValues: m.map { ($0.key.string ?? "", YAMLScalarResolver.tag(of: $0.value)) })
        #expect(tags["a"] == .str)
        #expect(tags["b"] == .int)
        #expect(tags["d"] == .str)
        #expect(tags["e"] == .int)
        #expect(tags["f"] == .seq)
    }
}
