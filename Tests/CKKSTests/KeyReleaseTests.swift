import CKKS
import HERing
import Testing

/// Evaluation keys released above a level (``Evaluator/releaseKeys(above:)``) switch every ciphertext at or below
/// it exactly as the whole keys do, in less memory, and refuse ciphertexts above it.
@Suite struct KeyReleaseTests {
    /// Products, rotations (single and hoisted) and conjugation at every level up to the released one equal the
    /// whole keys' results limb for limb; the memory is that of the digits and primes the level has.
    @Test func releasedKeysSwitchLowerLevelsBitForBit() throws {
        let f = try Fixture.small.get()
        var released = f.evaluator
        #expect(released.keyLevel == f.context.maxLevel)
        for release in [4, 1] {
            try released.releaseKeys(above: release)
            #expect(released.keyLevel == release)
            let perKey = f.keyBytes(level: release, expanded: true)
            #expect(released.keys?.byteCount == perKey * (f.keys.galois.count + 1))
            for level in 0...release { try f.expectSameKeySwitches(released, level: level, seed: 70) }
        }
    }

    /// A ciphertext above the released level is refused with a message naming both levels; keys are never raised
    /// again; an evaluator without keys releases nothing.
    @Test func ciphertextsAboveTheReleasedLevelAreRefused() throws {
        let f = try Fixture.small.get()
        var released = f.evaluator
        try released.releaseKeys(above: 2)
        let x = try f.encrypt(f.values(seed: 72), level: 3)
        let product = try f.evaluator.multiply(x, x)
        for body in [
            { _ = try released.relinearize(product) }, { _ = try released.rotate(x, by: 1) },
            { _ = try released.rotations(of: x, by: [1, 2]) }, { _ = try released.conjugate(x) },
            { _ = try released.multiplyRelinearizeRescale(x, x) },
        ] as [() throws -> Void] {
            #expect {
                try body()
            } throws: {
                "\($0)".contains("released above level 2") && "\($0)".contains("at level 3")
            }
        }
        #expect(throws: CKKSError.self) { try released.releaseKeys(above: 3) }
        #expect(throws: CKKSError.self) { try released.releaseKeys(above: -1) }
        try released.releaseKeys(above: 2)
        #expect(released.keyLevel == 2)
        var keyless = try Evaluator(context: f.context)
        try keyless.releaseKeys(above: 0)
        #expect(keyless.keyLevel == nil)
    }
}
