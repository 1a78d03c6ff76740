import CKKS
import Testing

@testable import HERing

/// Evaluation keys whose uniform halves a_j are held as seeds (``EvaluationKeys/UniformHalves/seeded``) switch keys
/// bit for bit as keys held in memory do, in about half the memory, at every level and after a key release.
@Suite struct SeededKeyTests {
    @Test func seededKeysSwitchBitForBitInHalfTheMemory() throws {
        let f = try Fixture.small.get()
        let keyCount = f.keys.galois.count + 1
        var seeded = try EvaluationKeys(deserializing: f.keys.serialized(), context: f.context, uniformHalves: .seeded)
        #expect(seeded == f.keys)
        #expect(f.keys.byteCount == keyCount * f.keyBytes(level: f.context.maxLevel, expanded: true))
        #expect(seeded.byteCount == keyCount * f.keyBytes(level: f.context.maxLevel, expanded: false))
        var evaluator = try Evaluator(context: f.context, evaluationKeys: seeded)
        for release in [f.context.maxLevel, 2] {
            try evaluator.releaseKeys(above: release)
            #expect(evaluator.keys?.byteCount == keyCount * f.keyBytes(level: release, expanded: false))
            for level in Set([release, 0]) { try f.expectSameKeySwitches(evaluator, level: level, seed: 80) }
        }

        // Switching forms keeps the keys' values and their files.
        seeded.holdUniformHalves(.expanded)
        #expect(seeded.byteCount == f.keys.byteCount && seeded == f.keys)
        var generated = f.keys
        generated.holdUniformHalves(.seeded)
        #expect(generated.byteCount == keyCount * f.keyBytes(level: f.context.maxLevel, expanded: false))
        #expect(generated == f.keys && generated.serialized() == f.keys.serialized())
    }

    /// An a_j without a seed (a collective relinearization key's) stays in memory whatever the form asked.
    @Test func unseededHalvesStayInMemory() throws {
        let f = try Fixture.small.get()
        let a = try #require(f.keys.relinearization?.a.first).polynomial
        let half = UniformKeyHalf(a).holdingResidues(false)
        #expect(half.residues == a && half.seed == nil && half.byteCount == 8 * a.residues.count)
    }
}
