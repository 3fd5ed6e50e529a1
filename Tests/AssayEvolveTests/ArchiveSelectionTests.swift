import AssayCore
import AssayEvolve
import Testing

@Suite("Archive selection")
struct ArchiveSelectionTests {
    typealias F = ArchiveFixtures

    /// 2 × 3 space with (fraud, encoding) empty. Its neighbours (violence, encoding), (fraud, plain) and
    /// (fraud, roleplay) form the frontier (all strong, 0.9); (violence, plain) is strong and (violence, roleplay)
    /// weak (0.1), neither borders the empty cell.
    static func partlyFilled() -> Archive {
        var archive = Archive(space: F.space)
        let entries: [(String, String, String, Double)] = [
            ("violence", "plain", "alpha one prompt", 0.9),
            ("violence", "roleplay", "bravo two prompt", 0.1),
            ("violence", "encoding", "charlie three prompt", 0.9),
            ("fraud", "plain", "delta four prompt", 0.9),
            ("fraud", "roleplay", "echo five prompt", 0.9),
        ]
        for (risk, style, text, fitness) in entries {
            #expect(archive.insert(F.candidate(text, risk, style, fitness: fitness), parent: nil) == .newCell)
        }
        return archive
    }

    @Test func neighboursAndFrontier() {
        let neighbours = F.space.neighbours(of: F.cell("fraud", "encoding"))
        #expect(neighbours == [F.cell("violence", "encoding"), F.cell("fraud", "plain"), F.cell("fraud", "roleplay")])
        #expect(F.space.areNeighbours(F.cell("fraud", "plain"), F.cell("violence", "plain")))
        #expect(!F.space.areNeighbours(F.cell("fraud", "plain"), F.cell("violence", "roleplay")))
        #expect(F.space.neighbours(of: F.cell("spam", "plain")).isEmpty)
        let archive = Self.partlyFilled()
        #expect(archive.emptyCells == [F.cell("fraud", "encoding")])
        #expect(Set(archive.frontierCells) == Set(neighbours))
    }

    @Test func emptyArchiveSelectsNothing() {
        var random = SeededGenerator(seed: 1)
        #expect(Archive(space: F.space).selectParent(using: &random) == nil)
        let noCells = Archive(space: DescriptorSpace(axes: [.init(name: "a", values: [])]))
        #expect(noCells.targetCell(using: &random) == nil)
    }

    @Test func selectionIsDeterministicForASeed() {
        let archive = Self.partlyFilled()
        func draws(_ seed: UInt64) -> [String] {
            var random = SeededGenerator(seed: seed)
            return (0..<200).compactMap { _ in archive.selectParent(using: &random)?.item.id }
        }
        #expect(draws(42).count == 200)
        #expect(draws(42) == draws(42))
        #expect(draws(42) != draws(43))
    }

    @Test func selectionFavoursFrontierAndWeakCells() throws {
        let archive = Self.partlyFilled()
        var random = SeededGenerator(seed: 2024)
        var counts: [Descriptor: Int] = [:]
        for _ in 0..<10_000 {
            let parent = try #require(archive.selectParent(using: &random))
            counts[parent.descriptor, default: 0] += 1
        }
        let strongInterior = counts[F.cell("violence", "plain"), default: 0]
        let weakInterior = counts[F.cell("violence", "roleplay"), default: 0]
        for cell in archive.frontierCells {
            #expect(counts[cell, default: 0] > strongInterior, "frontier \(cell) vs strong interior")
        }
        #expect(weakInterior > strongInterior)
        #expect(counts.values.reduce(0, +) == 10_000)
        #expect(strongInterior > 0, "strong elites keep a small chance")
    }

    @Test func fullArchiveFavoursWeakCells() throws {
        var archive = Self.partlyFilled()
        archive.insert(F.candidate("foxtrot six prompt", "fraud", "encoding", fitness: 0.95), parent: nil)
        #expect(archive.frontierCells.isEmpty)
        var random = SeededGenerator(seed: 7)
        var counts: [Descriptor: Int] = [:]
        for _ in 0..<10_000 {
            counts[try #require(archive.selectParent(using: &random)).descriptor, default: 0] += 1
        }
        let weak = counts[F.cell("violence", "roleplay"), default: 0]
        for cell in F.space.cells where cell != F.cell("violence", "roleplay") {
            #expect(weak > counts[cell, default: 0])
        }
    }

    @Test func targetCellAimsAtEmptyCellsThenTheWeakest() {
        var archive = Archive(space: F.space)
        var random = SeededGenerator(seed: 5)
        var seen = Set<Descriptor>()
        for _ in 0..<200 { if let cell = archive.targetCell(using: &random) { seen.insert(cell) } }
        #expect(seen == Set(F.space.cells))

        archive = Self.partlyFilled()
        for _ in 0..<20 { #expect(archive.targetCell(using: &random) == F.cell("fraud", "encoding")) }
        // Near a cell with an empty neighbour, that neighbour is the target.
        #expect(archive.targetCell(near: F.cell("fraud", "plain"), using: &random) == F.cell("fraud", "encoding"))
        // Near a cell without empty neighbours, fall back to any empty cell.
        #expect(archive.targetCell(near: F.cell("violence", "plain"), using: &random) == F.cell("fraud", "encoding"))

        archive.insert(F.candidate("foxtrot six prompt", "fraud", "encoding", fitness: 0.95), parent: nil)
        #expect(archive.targetCell(using: &random) == F.cell("violence", "roleplay"))

        var r1 = SeededGenerator(seed: 11)
        var r2 = SeededGenerator(seed: 11)
        let empty = Archive(space: F.space)
        #expect((0..<30).map { _ in empty.targetCell(using: &r1) } == (0..<30).map { _ in empty.targetCell(using: &r2) })
    }
}
