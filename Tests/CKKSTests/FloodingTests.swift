import Foundation
import HERing
import Testing

@testable import CKKS

/// Gaussian noise flooding: the sampler's width and shape, the width formula, the noise estimates it starts from,
/// the wrap-around refusal and the precision it reports.
///
/// Sample-size justification for the width checks: n independent Gaussian samples estimate σ with relative
/// standard error 1/√(2n) and P(|X| ≤ σ) = 0.6827 with standard error √(0.6827·0.3173/n); every tolerance below is
/// at least 4.5 standard errors, while a width off by 5 % or uniform noise of the same width (P = 0.577) fails.
@Suite struct FloodingTests {
    /// Standard deviation and share within one standard deviation of the centered samples.
    static func spread(_ samples: [Double]) -> (deviation: Double, withinOne: Double) {
        let mean = samples.reduce(0, +) / Double(samples.count)
        let deviation = (samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)).squareRoot()
        let within = samples.filter { abs($0 - mean) <= deviation }.count
        return (deviation, Double(within) / Double(samples.count))
    }

    static func rms(_ values: [Double]) -> Double {
        (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
    }

    @Test(arguments: [0x1p20, 0x1p40, 0x1p55])
    func samplerHasTheStatedWidthAndShape(sigma: Double) throws {
        var random = SystemRandomSource()
        let samples = try WideGaussianSampler.sample(count: 1 << 16, standardDeviation: sigma, using: &random).map(
            Double.init)
        let (deviation, withinOne) = Self.spread(samples)
        // 65536 samples: standard errors 0.28 % (width) and 0.0018 (share).
        #expect(abs(deviation / sigma - 1) < 0.015, "width \(deviation / sigma) σ")
        #expect(abs(withinOne - 0.6827) < 0.01, "share within 1σ: \(withinOne)")
        #expect(abs(samples.reduce(0, +) / Double(samples.count)) < 0.02 * sigma)
        #expect(samples.allSatisfy { abs($0) <= 9.43 * sigma })
        #expect(try WideGaussianSampler.sample(count: 3, standardDeviation: sigma, using: &random).count == 3)
    }

    @Test func samplerRefusesWidthsOutOfRange() {
        var random = SystemRandomSource()
        #expect(throws: HERingError.self) {
            try WideGaussianSampler.sample(count: 4, standardDeviation: 0x1p59, using: &random)
        }
        #expect(throws: HERingError.self) {
            try WideGaussianSampler.sample(count: 4, standardDeviation: -1, using: &random)
        }
    }

    @Test func statedWidthFollowsTheFormula() throws {
        let f = try Fixture.small.get()
        let noise = NoiseEstimate.freshEncryption(context: f.context, publicKey: true)
        let n = Double(f.context.parameters.degree)
        for (s, tau) in [(30, 1), (40, 1000), (20, 1 << 20)] {
            let flooding = try NoiseFlooding(noise: noise, statisticalSecurity: s, decryptions: tau)
            let expected =
                Double(tau).squareRoot() * pow(2, Double(s) / 2) * 2 * n.squareRoot() * noise.standardDeviation
            #expect(abs(flooding.standardDeviation / expected - 1) < 1e-12, "s = \(s), τ = \(tau)")
        }
        #expect(throws: CKKSError.self) { try NoiseFlooding(noise: noise, statisticalSecurity: 0, decryptions: 1) }
        #expect(throws: CKKSError.self) { try NoiseFlooding(noise: noise, decryptions: 0) }
        #expect(throws: CKKSError.self) { try NoiseFlooding(noise: noise, decryptions: 1, messageBound: .nan) }
        #expect(throws: CKKSError.self) { try NoiseFlooding(noise: noise, statisticalSecurity: 100, decryptions: 1) }
        #expect(throws: CKKSError.self) { try NoiseEstimate(standardDeviation: -1, degree: 4096) }
        #expect(throws: CKKSError.self) {
            try NoiseFlooding(noise: NoiseEstimate(standardDeviation: 0, degree: 4096), decryptions: 1)
        }
    }

    /// The flooded error of one ciphertext decrypted 4 times (16384 coefficients): its width is the stated σ
    /// (the ciphertext's own noise, 2^−22 of it, does not show) and its shape is Gaussian.
    @Test func floodedErrorHasTheStatedWidth() throws {
        let f = try Fixture.small.get()
        let values = f.values(seed: 11)
        let ciphertext = try f.encrypt(values)
        let flooding = try NoiseFlooding(noise: .freshEncryption(context: f.context, publicKey: true), decryptions: 1)
        var errors: [Double] = []
        for _ in 0..<4 {
            let flooded = try f.decryptor.decrypt(ciphertext, flooding: flooding)
            errors += try NoiseEstimate.noiseCoefficients(of: flooded, expected: values, context: f.context)
        }
        let (deviation, withinOne) = Self.spread(errors)
        // 16384 samples: standard errors 0.55 % (width) and 0.0036 (share).
        #expect(
            abs(deviation / flooding.standardDeviation - 1) < 0.03,
            "measured 2^\(log2(deviation)), stated 2^\(log2(flooding.standardDeviation))")
        #expect(abs(withinOne - 0.6827) < 0.02, "share within 1σ: \(withinOne)")
    }

    /// Measured noise of a ciphertext against an estimate: the estimate's standard deviation is within 10 % of the
    /// measured one, and its bounds hold with the margins they state but are not loose by more than 2.5× (‖e‖₂)
    /// and 3× (max |eᵢ|, whose measured value is about 3.5–4 σ over 4096 coefficients).
    func expectEstimate(
        _ estimate: NoiseEstimate, bounds ciphertext: Ciphertext, expected: [Double],
        _ f: Fixture, _ what: String
    ) throws {
        let errors = try NoiseEstimate.noiseCoefficients(
            of: f.decryptor.decrypt(ciphertext), expected: expected,
            context: f.context)
        let measured = try NoiseEstimate.measured(decryptor: f.decryptor, ciphertext: ciphertext, expected: expected)
        let norm = errors.reduce(0) { $0 + $1 * $1 }.squareRoot(), largest = errors.map(abs).max()!
        #expect(
            abs(measured.standardDeviation / estimate.standardDeviation - 1) < 0.1,
            "\(what): measured σ \(measured.standardDeviation), estimated \(estimate.standardDeviation)")
        #expect(
            norm <= estimate.l2Bound && estimate.l2Bound <= 2.5 * norm, "\(what): ‖e‖₂ \(norm) vs \(estimate.l2Bound)")
        #expect(
            largest <= estimate.coefficientBound && estimate.coefficientBound <= 3 * largest,
            "\(what): max |e| \(largest) vs \(estimate.coefficientBound)")
    }

    @Test func estimatesBoundFreshAndMultipliedCiphertexts() throws {
        let f = try Fixture.small.get()
        let context = f.context, level = context.maxLevel, scale = context.defaultScale
        let a = f.values(seed: 21), b = f.values(seed: 22)
        let fresh = NoiseEstimate.freshEncryption(context: context, publicKey: true)
        let ca = try f.encrypt(a), cb = try f.encrypt(b)
        try expectEstimate(fresh, bounds: ca, expected: a, f, "fresh, public key")

        let secretEncryptor = try Encryptor(context: context, secretKey: f.secretKey)
        try expectEstimate(
            .freshEncryption(context: context, publicKey: false),
            bounds: secretEncryptor.encrypt(f.encoder.encode(a)), expected: a, f, "fresh, secret key")

        let product = try f.evaluator.multiplyRelinearizeRescale(ca, cb)
        let estimate = fresh.multiplied(
            by: fresh, ownScale: scale, ownRMS: Self.rms(a), otherScale: scale, otherRMS: Self.rms(b)
        )
        .keySwitched(context: context, level: level)
        .rescaled(context: context, level: level)
        try expectEstimate(
            estimate, bounds: product, expected: zip(a, b).map(*), f, "multiplied, relinearized, rescaled")

        let sum = try f.evaluator.add(ca, cb)
        try expectEstimate(fresh.adding(fresh), bounds: sum, expected: zip(a, b).map(+), f, "sum")
    }

    @Test func refusesFloodingThatCouldWrap() throws {
        let f = try Fixture.small.get()
        let noise = NoiseEstimate.freshEncryption(context: f.context, publicKey: true)
        let top = try f.encrypt([0.5]), bottom = try f.encrypt([0.5], level: 0)
        // σ = 2^10 · 2^30 · 2^10.9 ≈ 2^51: 8σ exceeds q_0/4 ≈ 2^48 but not Q_6/4.
        let wide = try NoiseFlooding(noise: noise, statisticalSecurity: 60, decryptions: 1 << 20)
        #expect(
            throws: CKKSError.floodingExceedsModulus(
                level: 0,
                neededBits: log2(
                    bottom.scale + noise.coefficientBound
                        + 8 * wide.standardDeviation),
                availableBits: log2(Double(f.context.modulus(level: 0))) - 2)
        ) {
            try f.decryptor.decrypt(bottom, flooding: wide)
        }
        _ = try f.decryptor.decrypt(top, flooding: wide)
        // The values' bound counts too: 2^9 at scale 2^40 needs 2^49 of a 2^48 budget.
        let loud = try NoiseFlooding(noise: noise, decryptions: 1, messageBound: 0x1p9)
        #expect(throws: CKKSError.self) { try f.decryptor.decrypt(bottom, flooding: loud) }
        _ = try f.decryptor.decrypt(bottom, flooding: NoiseFlooding(noise: noise, decryptions: 1))
        let foreign = try NoiseFlooding(noise: NoiseEstimate(standardDeviation: 1, degree: 8192), decryptions: 1)
        #expect(throws: CKKSError.self) { try f.decryptor.decrypt(top, flooding: foreign) }
    }

    /// −log2 of the measured root-mean-square slot error of flooded decryptions against the reported precision.
    @Test(arguments: [(30, 1), (30, 1 << 16), (50, 1)])
    func reportedPrecisionMatchesMeasured(s: Int, decryptions: Int) throws {
        let f = try Fixture.small.get()
        let values = f.values(seed: 31)
        let ciphertext = try f.encrypt(values)
        let flooding = try NoiseFlooding(
            noise: .freshEncryption(context: f.context, publicKey: true),
            statisticalSecurity: s, decryptions: decryptions)
        let decoded = try f.encoder.decode(f.decryptor.decrypt(ciphertext, flooding: flooding))
        let measured = -log2(Self.rms(zip(decoded, values).map(-)))
        let reported = flooding.precisionBits(scale: ciphertext.scale)
        // 2048 slots estimate the rms within about 1.6 %, i.e. 0.02 bits.
        #expect(abs(measured - reported) < 0.25, "measured \(measured) bits, reported \(reported)")
    }
}
