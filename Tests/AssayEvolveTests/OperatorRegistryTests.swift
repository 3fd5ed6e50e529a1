import AssayCore
@testable import AssayEvolve
import Testing

@Suite("Operator registry")
struct OperatorRegistryTests {
    @Test("names are unique, and named(_:) finds every operator")
    func names() throws {
        let all = Operators.all()
        #expect(Set(all.map(\.name)).count == all.count)
        #expect(all.count == 19)
        for op in all {
            let found = try #require(Operators.named(op.name))
            #expect(found.name == op.name)
        }
        #expect(Operators.named("no_such_operator") == nil)
    }

    @Test("deterministic operators need no attacker; model-driven ones do")
    func kinds() {
        #expect(Operators.deterministic().count == 16)
        #expect(Operators.deterministic().allSatisfy { !$0.needsAttacker })
        #expect(Operators.modelDriven().map(\.name) == ["attacker_rewrite", "pair_refinement", "crescendo_escalation"])
        #expect(Operators.modelDriven().allSatisfy { $0.needsAttacker })
    }

    @Test("the target cell is described by axis name when the space is known")
    func cellDescription() {
        var context = MutationContext(seed: 1)
        #expect(context.targetCellDescription == nil)
        context.targetCell = Descriptor(values: ["self_harm", "multi_turn"])
        #expect(context.targetCellDescription == "self harm, multi turn")
        context.descriptorSpace = DescriptorSpace(axes: [.init(name: "risk_category", values: ["self_harm"]),
                                                         .init(name: "attack_style", values: ["multi_turn"])])
        #expect(context.targetCellDescription == "risk category: self harm; attack style: multi turn")
    }
}
