import AssayCore
import Foundation
import Testing

@Suite struct EvolveSpecParsingTests {
    func write(_ yaml: String) throws -> String {
        let folder = NSTemporaryDirectory() + "assay-evolvespec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try yaml.write(toFile: folder + "/suite.yaml", atomically: true, encoding: .utf8)
        try #"{"input": "x", "behavior": "refuse"}"#.write(toFile: folder + "/items.jsonl", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func anEvolveSectionDeclaresTheArchiveAxes() throws {
        let folder = try write("""
            name: rt
            items: items.jsonl
            evolve:
              axes:
                - {name: category, from: metadata.category, values: [cyber, drugs]}
                - {name: attack, from: operator}
            """)
        let suite = try SuiteLoader.load(path: folder)
        #expect(suite.config.evolve?.axes.map(\.name) == ["category", "attack"])
        #expect(suite.config.evolve?.axes[0].values == ["cyber", "drugs"])
        #expect(suite.config.evolve?.axes[1].values == nil)
    }

    @Test func aBadAxisSourceIsReportedAtItsLine() throws {
        let folder = try write("""
            name: rt
            items: items.jsonl
            evolve:
              axes:
                - name: category
                  from: colour
            """)
        #expect {
            try SuiteLoader.load(path: folder)
        } throws: { error in
            "\(error)".contains("suite.yaml:6: evolve.axes[0].from: unknown source 'colour'")
        }
    }

    @Test func suitesWithoutRetiredItemsKeepTheirVersion() {
        // The retired list enters the hash only when non-empty, so every version stored before it existed stays valid.
        let item = Item(prompt: "x", target: .behavior(.refuse))
        let plain = Suite(config: SuiteConfig(name: "rt"), items: [item])
        struct Legacy: Encodable { let config: SuiteConfig; let items: [String] }
        #expect(plain.version == SHA256.hex(CanonicalJSON.encode(Legacy(config: plain.config, items: [item.id]))))
        var retired = plain
        retired.retired = [RetiredItem(item: Item(prompt: "y", target: .behavior(.refuse)), state: .saturated, reason: "r")]
        #expect(retired.version != plain.version)
    }
}
