import Foundation
import Testing
@testable import AssayCore

@Suite("TextFile")
struct TextFileTests {
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Writes `bytes` to a fresh file in `dir` and returns its path.
    private func write(_ bytes: [UInt8], _ name: String, in dir: String) throws -> String {
        let path = (dir as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func diagnostics(_ body: () throws(AssayError) -> String) -> [Diagnostic]? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.code == .badInput ? error.diagnostics : nil
        }
    }

    @Test func onlyALeadingByteOrderMarkIsRemoved() throws {
        let dir = try SuiteFixture.directory()
        let path = try write(Self.bom + Array("a\n\u{FEFF}b".utf8), "bom.txt", in: dir)
        #expect(try TextFile.read(path: path) == "a\n\u{FEFF}b")
        #expect(try TextFile.decode(Self.bom, file: "x") == "")
        #expect(try TextFile.decode([], file: "x") == "")
        #expect(try TextFile.decode(Array("José".utf8), file: "x") == "José")
    }

    @Test func invalidUTF8IsOneDiagnosticAtTheLineOfTheFirstBadByte() {
        let bad = Array("ok\nstill ok\nthen ".utf8) + [0xFF] + Array("x\n".utf8) + [0xC3]
        #expect(diagnostics { () throws(AssayError) in try TextFile.decode(bad, file: "d.csv") }
            == [Diagnostic(file: "d.csv", line: 3, field: nil, message: "not valid UTF-8")])
        // A byte-order mark does not count as a line; a truncated sequence at the end is invalid too.
        #expect(diagnostics { () throws(AssayError) in try TextFile.decode(Self.bom + [0x61, 0xC3], file: "e") }
            == [Diagnostic(file: "e", line: 1, field: nil, message: "not valid UTF-8")])
    }

    @Test func missingAndUnreadableFilesNameThePath() throws {
        let dir = try SuiteFixture.directory()
        let missing = (dir as NSString).appendingPathComponent("nope.jsonl")
        #expect(diagnostics { () throws(AssayError) in try TextFile.read(path: missing) }
            == [Diagnostic(file: missing, line: nil, field: nil, message: "file not found")])
        #expect(diagnostics { () throws(AssayError) in try TextFile.read(path: dir) }
            == [Diagnostic(file: dir, line: nil, field: nil, message: "cannot read file")])
    }

    @Test func suiteAndItemFilesAreReadThroughIt() throws {
        let dir = try SuiteFixture.directory()
        let yaml = try write(Self.bom + Array("name: bom\nitems: items.jsonl\n".utf8), "suite.yaml", in: dir)
        _ = try write(Self.bom + Array("{\"input\": \"q\", \"target\": \"a\"}\n".utf8), "items.jsonl", in: dir)
        let suite = try SuiteLoader.load(path: dir)
        #expect(suite.name == "bom")
        #expect(suite.items.map(\.prompt) == ["q"])

        let items = try write(Array("{\"input\": \"q\"}\n{\"input\": \"".utf8) + [0xFE] + Array("\"}\n".utf8), "items.jsonl", in: dir)
        #expect(SuiteFixture.problems { try SuiteLoader.load(path: yaml) } == ["\(items):2: not valid UTF-8"])

        _ = try write(Array("name: x\n".utf8) + [0xFF], "suite.yaml", in: dir)
        #expect(SuiteFixture.problems { try SuiteLoader.load(path: yaml) } == ["\(yaml):2: not valid UTF-8"])
    }

    @Test func importersReadThroughIt() throws {
        let scratch = try ImportScratch()
        let csv = "goal,target\nDo it,Sure\n"
        _ = try write(Self.bom + Array(csv.utf8), "harmful_behaviors.csv", in: scratch.root)
        let suite = try SuiteImporter.load(.advbench, path: scratch.root + "/harmful_behaviors.csv")
        #expect(suite.items.map(\.prompt) == ["Do it"])

        let file = try write(Array(csv.utf8) + [0xC0, 0x0A], "harmful_behaviors.csv", in: scratch.root)
        #expect(scratch.diagnostics(.advbench, "harmful_behaviors.csv") == [Diagnostic(file: file, line: 3, field: nil, message: "not valid UTF-8")])
    }
}
