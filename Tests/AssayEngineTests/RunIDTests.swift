import AssayCore
import AssayStore
import Foundation
import Testing
@testable import AssayEngine

@Suite("Run ids and pending units")
struct RunIDTests {
    /// The hand-written UTC timestamp matches what `DateFormatter` printed before, over centuries of dates.
    @Test func timestampMatchesDateFormatter() {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        var generator = SeededGenerator(seed: 7)
        var dates = [0, 951_782_400, 951_868_799, 4_107_542_399, 1_764_300_000, 1_764_300_000.75, 253_402_300_799].map(Date.init(timeIntervalSince1970:))
        for _ in 0..<2_000 { dates.append(Date(timeIntervalSince1970: Double(generator.next() % 8_000_000_000))) }
        for date in dates {
            #expect(RunID.timestamp(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func runIDHasTimestampAndEightHexDigits() {
        let id = RunID.make(now: Date(timeIntervalSince1970: 1_764_300_000))
        #expect(id.hasPrefix("20251128-032000-"))
        #expect(id.count == 24)
        let hexDigits = id.suffix(8).allSatisfy { $0.isHexDigit }
        #expect(hexDigits)
    }

    /// Units come epoch by epoch in item-id order (the store's index order), skipping the stored ones.
    @Test func pendingUnitsSkipDoneUnitsInIDOrder() {
        let items = (0..<4).map { Item(prompt: "q\($0)", target: .text(["a"])) }
        let done: Set<UnitKey> = [UnitKey(itemID: items[1].id, epoch: 0), UnitKey(itemID: items[3].id, epoch: 1), UnitKey(itemID: "elsewhere", epoch: 0)]
        let pending = PendingUnits(items: items, epochs: 2, done: done)
        let units = Array(pending)
        #expect(units.map(\.epoch) == [0, 0, 0, 1, 1, 1])
        let byID = items.map(\.id).sorted()
        #expect(units.filter { $0.epoch == 0 }.map(\.item.id) == byID.filter { $0 != items[1].id })
        #expect(units.filter { $0.epoch == 1 }.map(\.item.id) == byID.filter { $0 != items[3].id })
        // The ids are hashes, so id order is not the suite's order (this fixture's ids were checked to differ).
        #expect(byID != items.map(\.id))
        #expect(pending.doneCount == 2)
        #expect(PendingUnits(items: items, epochs: 3, done: []).doneCount == 0)
        #expect(Array(PendingUnits(items: [], epochs: 2, done: [])).isEmpty)
    }
}
