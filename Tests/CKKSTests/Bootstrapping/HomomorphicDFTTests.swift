import ComplexModule
import Foundation
import Testing

@testable import CKKS

/// Encrypted CoeffToSlot and SlotToCoeff on small insecure rings: full slots at N = 2^12, sparse slots at
/// N = 2^10; real and complex inputs; scale 2^40.
@Suite struct HomomorphicDFTTests {
    enum Shape: String, CaseIterable, Sendable {
        case full4096, sparse64, sparse256

        /// Bits asserted after CoeffToSlot and after the round trip: about two bits below the measured 26.6–27.1 and
        /// 21.8–22.2 (full, N = 2^12, budget 3), 29.0–29.6 and 25.0–26.3 (sparse 64 and 256 of N = 2^10, budgets 3
        /// and 4), fresh keys each run.
        var requiredBits: (coeffToSlot: Double, roundTrip: Double) {
            self == .full4096 ? (24.5, 20) : (27, 23)
        }
    }

    static func fixture(_ shape: Shape) throws -> BootstrappingFixture {
        switch shape {
        case .full4096: try BootstrappingFixture.full4096.get()
        case .sparse64: try BootstrappingFixture.sparse64.get()
        case .sparse256: try BootstrappingFixture.sparse256.get()
        }
    }

    /// Real or complex values in [−1, 1], n of them repeated over the slots (a polynomial in Y = X^(N/(2n))); or,
    /// `unstructured`, N/2 independent complex values (any polynomial, as after ModRaise).
    enum Input: String, CaseIterable, Sendable { case real, complex, unstructured }

    static func input(_ f: BootstrappingFixture, _ kind: Input) -> [Complex<Double>] {
        let n = f.coeffToSlot.slots
        switch kind {
        case .real: return f.replicated(DFTReference.values(count: n, seed: 12).map { Complex($0.real) })
        case .complex: return f.replicated(DFTReference.values(count: n, seed: 11))
        case .unstructured: return DFTReference.values(count: f.context.slotCount, seed: 13)
        }
    }

    /// What CoeffToSlot should output for the polynomial m (N real coefficients): its coefficients at multiples of
    /// N/(2n) (for a polynomial in Y, all of them; otherwise its projection onto the polynomials in Y), bit-reversed,
    /// as two vectors (full slots) or one of period 2n repeated over the slots (sparse).
    static func expectedCoefficientSlots(_ m: [Double], slots n: Int, slotCount: Int) -> [[Double]] {
        let gap = slotCount / n
        let real = (0..<n).map { m[DFTReference.bitReversed($0, count: n) * gap] }
        let imaginary = (0..<n).map { m[(n + DFTReference.bitReversed($0, count: n)) * gap] }
        guard n < slotCount else { return [real, imaginary] }
        return [(0..<slotCount).map { ($0 % (2 * n) < n ? real : imaginary)[$0 % n] }]
    }

    /// Largest error over real and imaginary parts, in bits below 1.
    static func bits(_ got: [Complex<Double>], _ expected: [Complex<Double>]) -> Double {
        -log2(DFTReference.maxError(got, expected))
    }

    @Test(arguments: Shape.allCases, Input.allCases)
    func coeffToSlotPutsCoefficientsInSlots(shape: Shape, kind: Input) throws {
        let f = try Self.fixture(shape)
        let slots = Self.input(f, kind)
        let input = try f.encryptor.encrypt(f.encoder.encode(slots))
        let parts = try f.evaluator.coeffToSlot(input, f.coeffToSlot)
        let expected = Self.expectedCoefficientSlots(
            f.coefficients(ofSlots: slots), slots: f.coeffToSlot.slots,
            slotCount: f.context.slotCount)
        #expect(parts.count == expected.count)
        for (part, values) in zip(parts, expected) {
            #expect(part.level == f.context.maxLevel - f.coeffToSlot.levelBudget)
            #expect(abs(part.scale / input.scale - 1) < 1e-9)
            let got = try f.encoder.decodeComplex(f.decryptor.decrypt(part))
            let bits = Self.bits(got, values.map { Complex($0) })
            #expect(bits >= shape.requiredBits.coeffToSlot, "\(shape) \(kind): \(bits) bits")
        }
    }

    @Test(arguments: Shape.allCases, [Input.real, .complex])
    func slotToCoeffUndoesCoeffToSlot(shape: Shape, kind: Input) throws {
        let f = try Self.fixture(shape)
        let slots = Self.input(f, kind)
        let input = try f.encryptor.encrypt(f.encoder.encode(slots))
        let output = try f.evaluator.slotToCoeff(f.evaluator.coeffToSlot(input, f.coeffToSlot), f.slotToCoeff)
        #expect(output.level == f.context.maxLevel - 2 * f.coeffToSlot.levelBudget)
        let bits = Self.bits(try f.encoder.decodeComplex(f.decryptor.decrypt(output)), slots)
        #expect(bits >= shape.requiredBits.roundTrip, "\(shape) \(kind): \(bits) bits")
    }

    @Test func keysCoverExactlyTheTransformsSteps() throws {
        let f = try Self.fixture(.sparse64)
        // Trace steps n, 2n, …, N/4 for 64 of 512 slots.
        #expect(f.coeffToSlot.traceSteps == [64, 128, 256])
        let request = EvaluationKeyRequest(coeffToSlot: f.coeffToSlot, slotToCoeff: f.slotToCoeff, rotations: [5])
        #expect(request.rotations == f.coeffToSlot.rotationSteps.union(f.slotToCoeff.rotationSteps).union([5]))
        #expect(request.conjugation && request.relinearization)
        #expect(f.evaluator.missingRotationKeys(f.coeffToSlot.rotationSteps.union(f.slotToCoeff.rotationSteps)).isEmpty)
        #expect(f.coeffToSlot.rotationSteps.allSatisfy { abs($0) < f.context.slotCount })
    }

    /// A group of k butterfly stages has at most 2^(k+1) − 1 diagonals (the first matrix of a sparse SlotToCoeff
    /// twice that); baby-step giant-step needs far fewer rotations than diagonals.
    @Test(arguments: Shape.allCases)
    func diagonalsAndRotationsStayFew(shape: Shape) throws {
        let f = try Self.fixture(shape)
        let sizes = SpecialDFT.groupSizes(
            stages: f.coeffToSlot.slots.trailingZeroBitCount, budget: f.coeffToSlot.levelBudget)
        let bound = sizes.reduce(0) { $0 + (1 << ($1 + 1)) - 1 }
        let sparse = f.coeffToSlot.slots < f.context.slotCount
        #expect(f.coeffToSlot.diagonalCount <= bound)
        #expect(f.slotToCoeff.diagonalCount <= bound + (sparse ? (1 << (sizes[0] + 1)) - 1 : 0))
        let rotations = f.coeffToSlot.rotationSteps.union(f.slotToCoeff.rotationSteps).count
        // Measured: 29 keys for 70 + 62 diagonals (full, N = 2^12), 15 for 18 + 25 (64 slots), 23 for 47 + 78 (256).
        #expect(rotations < f.coeffToSlot.diagonalCount, "\(shape): \(rotations) rotations")
    }

    @Test func rejectsBadShapes() throws {
        let f = try Self.fixture(.sparse64)
        #expect(throws: CKKSError.self) { try CoeffToSlot(context: f.context, slots: 48, levelBudget: 2) }
        #expect(throws: CKKSError.self) { try CoeffToSlot(context: f.context, slots: 64, levelBudget: 7) }
        #expect(throws: CKKSError.self) {
            try SlotToCoeff(context: f.context, slots: 64, levelBudget: 3, inputLevel: 2)
        }
        let input = try f.encryptor.encrypt(f.encoder.encode([1.0], level: 1))
        #expect(throws: CKKSError.levelMismatch(1, f.context.maxLevel)) {
            try f.evaluator.coeffToSlot(input, f.coeffToSlot)
        }
    }
}
