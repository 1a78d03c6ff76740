import Foundation
import Testing

@testable import HERing

/// `wipe()` zeroes secret copies in their own storage (not in a fresh copy that would leave the bytes behind).
@Suite struct SecureZeroTests {
    func expectWipedInPlace<T: BitwiseCopyable & FixedWidthInteger>(_ values: [T]) {
        var array = values.map { $0 }  // storage of its own: wiping a shared buffer would copy it first
        let before = array.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        array.wipe()
        #expect(array.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == before)
        #expect(array.count == values.count && array.allSatisfy { $0 == 0 })
    }

    @Test func arraysAreZeroedInPlace() {
        expectWipedInPlace((0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) })
        expectWipedInPlace((0..<4096).map { Int64($0 % 3) - 1 })
        expectWipedInPlace((0..<77).map { UInt64.max - UInt64($0) })
        expectWipedInPlace([UInt64]())
    }

    @Test func dataIsZeroedInPlace() {
        var data = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 | 1) })
        let before = data.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        data.wipe()
        #expect(data.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) } == before)
        #expect(data.count == 5000 && data.allSatisfy { $0 == 0 })
    }

    /// A secret lifted to coefficient form and transformed (as key generation and the key reader do) is transformed
    /// in its own storage: no unwiped copy of it is left for the allocator.
    @Test func transformsOfAUniquelyHeldPolynomialReuseItsStorage() throws {
        let ring = try RingContext(logDegree: 10, moduli: Modulus.nttPrimes(bits: 40, logDegree: 10, count: 2))
        var address: UInt = 0
        let lifted = { () -> RNSPolynomial<Coefficient> in
            let p = RNSPolynomial<Coefficient>(context: ring, signedCoefficients: (0..<1024).map { Int64($0 % 3) - 1 })
            address = p.residues.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
            return p
        }
        let s = lifted().forwardNTT()
        #expect(s.residues.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address)
        let back = (consume s).inverseNTT()
        #expect(back.residues.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address)
    }
}
