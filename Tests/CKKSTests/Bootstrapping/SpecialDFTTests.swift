import ComplexModule
import Foundation
import Testing

@testable import CKKS

/// Plaintext level: the grouped butterfly matrices the homomorphic transforms encode multiply to the exact
/// special DFT.
@Suite struct SpecialDFTTests {
    /// (n, level budget); n = 2048 is the full-slot case at N = 2^12.
    static let shapes: [(Int, Int)] = [
        (1, 1), (2, 1), (4, 2), (16, 1), (16, 4), (64, 3), (256, 4), (2048, 3), (2048, 11),
    ]

    /// Applies matrices in order, widening p-periodic vectors when a matrix has a larger period.
    static func apply(_ matrices: [DiagonalMatrix], to x: [Complex<Double>]) -> [Complex<Double>] {
        matrices.reduce(x) { v, m in
            m.applied(to: (0..<m.period).map { v[$0 % v.count] })
        }
    }

    /// Test vectors: every basis vector for small n (the whole matrix), three random vectors otherwise.
    static func inputs(_ n: Int) -> [[Complex<Double>]] {
        guard n > 64 else {
            return (0..<n).map { k in (0..<n).map { $0 == k ? Complex<Double>(1) : .zero } }
        }
        return (1...3).map { DFTReference.values(count: n, seed: UInt64($0 * n)) }
    }

    @Test(arguments: shapes)
    func forwardGroupsComputeTheDFTOfBitReversedInput(n: Int, budget: Int) {
        let groups = SpecialDFT.groups(slots: n, budget: budget, inverse: false)
        #expect(groups.count == budget)
        for w in Self.inputs(n) {
            let error = DFTReference.maxError(Self.apply(groups, to: DFTReference.bitReversed(w)), DFTReference.dft(w))
            #expect(error <= 1e-12, "n = \(n), budget \(budget): error \(error)")
        }
    }

    @Test(arguments: shapes)
    func inverseGroupsReturnBitReversedCoefficients(n: Int, budget: Int) {
        let groups = SpecialDFT.groups(slots: n, budget: budget, inverse: true)
        for w in Self.inputs(n) {
            let error = DFTReference.maxError(Self.apply(groups, to: DFTReference.dft(w)), DFTReference.bitReversed(w))
            #expect(error <= 1e-12, "n = \(n), budget \(budget): error \(error)")
        }
    }

    @Test func groupsHaveFewDiagonals() {
        // k merged radix-2 stages have at most 2^(k+1) − 1 diagonals.
        let sizes = SpecialDFT.groupSizes(stages: 11, budget: 3)
        #expect(sizes == [3, 4, 4])
        for (size, group) in zip(sizes, SpecialDFT.groups(slots: 2048, budget: 3, inverse: true)) {
            #expect(group.diagonals.count <= (1 << (size + 1)) - 1)
        }
    }

    /// The full pipeline of matrices with the real/imaginary split and join, as the encrypted transforms use it:
    /// real coefficients m (2n of them) → slots → CoeffToSlot matrices and t + t̄ → bit-reversed coefficients →
    /// SlotToCoeff matrices → the slots again.
    @Test(arguments: [(4, 64, 2), (64, 512, 3), (256, 512, 4), (512, 512, 3), (1, 512, 1)])
    func coeffToSlotThenSlotToCoeffMatricesRoundTrip(n: Int, slotCount: Int, budget: Int) {
        let m = DFTReference.values(count: n, seed: 77).flatMap { [$0.real, $0.imaginary] }
        let w = (0..<n).map { Complex(m[$0], m[$0 + n]) }
        let z = DFTReference.dft(w)
        let scaling = 0.25
        // The trace of sparse slots multiplies the slots by N/(2n) before the matrices.
        let traced = z.map { $0 * Complex(Double(slotCount / n)) }
        let t = Self.apply(
            CoeffToSlot.matrices(slots: n, slotCount: slotCount, levelBudget: budget, scaling: scaling), to: traced)
        let real = t.map { 2 * $0.real }
        let expectedReal = DFTReference.bitReversed(Array(m[..<n])).map { scaling * $0 }
        let expectedImaginary = DFTReference.bitReversed(Array(m[n...])).map { scaling * $0 }
        let parts: [Complex<Double>]
        if n == slotCount {
            // Second output: −i·(t − t̄) = 2·Im t.
            let imaginary = t.map { 2 * $0.imaginary }
            #expect(zip(real, expectedReal).allSatisfy { abs($0 - $1) <= 1e-12 })
            #expect(zip(imaginary, expectedImaginary).allSatisfy { abs($0 - $1) <= 1e-12 })
            parts = zip(real, imaginary).map { Complex($0, $1) }
        } else {
            #expect(t.count == 2 * n)
            #expect(zip(real, expectedReal + expectedImaginary).allSatisfy { abs($0 - $1) <= 1e-12 })
            parts = real.map { Complex($0) }
        }
        let back = Self.apply(
            SlotToCoeff.matrices(slots: n, slotCount: slotCount, levelBudget: budget, scaling: 1 / scaling), to: parts)
        let expected = (0..<back.count).map { z[$0 % n] }
        #expect(DFTReference.maxError(back, expected) <= 1e-12)
    }
}
