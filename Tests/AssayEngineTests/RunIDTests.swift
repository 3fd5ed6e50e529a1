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

    /// Units come epoch by epoch in item order, skipping the stored ones, as the list built before did.
    @Test func pendingUnitsSkipDoneUnitsInOrder() {
        let items = (0..<4).map { Item(prompt: "q\($0)", target: .text(["a"])) }
        let done: Set<UnitKey> = [UnitKey(itemID: items[1].id, epoch: 0), UnitKey(itemID: items[3].id, epoch: 1), UnitKey(itemID: "elsewhere", epoch: 0)]
        let pending = PendingUnits(items: items, epochs: 2, done: done)
        let order = pending.map { unit in "\(unit.epoch):\(items.firstIndex { $0.id == unit.item.id }!)" }
        #expect(order == ["0:0", "0:2", "0:3", "1:0", "1:1", "1:2"])
        #expect(pending.doneCount == 2)
        #expect(PendingUnits(items: items, epochs: 3, done: []).doneCount == 0)
        #expect(Array(PendingUnits(items: [], epochs: 2, done: [])).isEmpty)
    }
}
