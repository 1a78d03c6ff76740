import CKKS
import Testing

/// In-place evaluator forms: the same ciphertext, bit for bit, as the allocating forms; plaintext-correct in bits;
/// and the destination's storage reused.
@Suite struct InPlaceOperationTests {
    /// Address of a component's residues, to see whether an operation kept the buffer.
    static func address(_ c: Ciphertext, _ i: Int) -> UnsafeRawPointer? {
        c.components[i].residues.withUnsafeBytes { $0.baseAddress }
    }

    @Test func multiplyRelinearizeRescaleInPlaceEqualsTheSeparateSteps() throws {
        let f = try Fixture.small.get()
        let a = f.values(seed: 31), b = f.values(seed: 32)
        let x = try f.encrypt(a), y = try f.encrypt(b)
        let separate = try f.evaluator.rescale(f.evaluator.relinearize(f.evaluator.multiply(x, y)))
        var z = x
        try f.evaluator.multiplyRelinearizeRescaleInPlace(&z, y)
        #expect(z == separate)
        #expect(precisionBits(try f.decrypt(z), zip(a, b).map(*)) > 18)
        var fresh = try f.encrypt(a)
        let before = Self.address(fresh, 0)
        try f.evaluator.multiplyRelinearizeRescaleInPlace(&fresh, y)
        #expect(Self.address(fresh, 0) == before)
    }

    @Test func rotateIntoAndInPlaceEqualRotate() throws {
        let f = try Fixture.small.get()
        let a = f.values(seed: 33)
        let x = try f.encrypt(a)
        let n = f.context.slotCount
        for step in [1, -3, 100] {
            let expected = try f.evaluator.rotate(x, by: step)
            let rotated = (0..<n).map { a[(($0 + step) % n + n) % n] }
            var inPlace = x
            try f.evaluator.rotateInPlace(&inPlace, by: step)
            #expect(inPlace == expected)
            var own = try f.encrypt(a)
            let storage = (Self.address(own, 0), Self.address(own, 1))
            try f.evaluator.rotateInPlace(&own, by: step)
            #expect((Self.address(own, 0), Self.address(own, 1)) == storage)
            #expect(precisionBits(try f.decrypt(own), rotated) > 20)
            var destination = try f.encrypt(f.values(seed: 34))
            let kept = (Self.address(destination, 0), Self.address(destination, 1))
            try f.evaluator.rotate(x, by: step, into: &destination)
            #expect(destination == expected)
            #expect((Self.address(destination, 0), Self.address(destination, 1)) == kept)
            #expect(precisionBits(try f.decrypt(destination), rotated) > 20)
        }
    }

    @Test func plaintextConstantAddAndRescaleInPlace() throws {
        let f = try Fixture.small.get()
        let a = f.values(seed: 35), b = f.values(seed: 36)
        let x = try f.encrypt(a), y = try f.encrypt(b)
        let p = try f.encoder.encode(b, multiplyingScale: x.scale, atLevel: x.level)
        var product = x
        try f.evaluator.multiplyInPlace(&product, p)
        #expect(product == (try f.evaluator.multiply(x, p)))
        let storage = Self.address(product, 0)
        try f.evaluator.rescaleInPlace(&product)
        #expect(Self.address(product, 0) == storage)
        #expect(Evaluator.scaleTolerance > abs(product.scale / f.context.levelScales[x.level - 1] - 1))
        #expect(precisionBits(try f.decrypt(product), zip(a, b).map(*)) > 18)
        var scaled = x
        try f.evaluator.multiplyInPlace(&scaled, constant: 0.625)
        #expect(scaled == (try f.evaluator.multiply(x, constant: 0.625)))
        var sum = x
        try f.evaluator.addInPlace(&sum, y)
        #expect(sum == (try f.evaluator.add(x, y)))
        // Different levels at the same scale: the higher operand is brought down, on either side.
        let high = try f.encryptor.encrypt(f.encoder.encode(a, level: x.level, scale: product.scale))
        var lowFirst = product, highFirst = high
        try f.evaluator.addInPlace(&lowFirst, high)
        try f.evaluator.addInPlace(&highFirst, product)
        let expected = (0..<a.count).map { a[$0] * b[$0] + a[$0] }
        for sum in [lowFirst, highFirst] {
            #expect(sum.level == x.level - 1)
            #expect(precisionBits(try f.decrypt(sum), expected) > 18)
        }
    }

    @Test func landingScaleIsTheCompensatingFactor() throws {
        let f = try Fixture.small.get()
        let level = f.context.maxLevel, scale = f.context.levelScales[level]
        let factor = f.context.landingScale(multiplying: scale, atLevel: level)
        #expect(scale * factor / Double(f.context.modulus(level: level)) == f.context.levelScales[level - 1])
        let target = 0x1p30
        let custom = f.context.landingScale(multiplying: scale, atLevel: level, target: target)
        #expect(abs(scale * custom / Double(f.context.modulus(level: level)) / target - 1) < 1e-15)
        #expect(throws: CKKSError.levelExhausted(operation: "a product that lands on the next level's scale")) {
            try f.encoder.encode([1], multiplyingScale: scale, atLevel: 0)
        }
    }
}
