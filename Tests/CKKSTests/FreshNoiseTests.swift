import Foundation
import HERing
import Testing

@testable import CKKS

/// The noise of a fresh encryption has the standard deviation its parameters imply, so a dropped or doubled error
/// term fails here even though every precision bound elsewhere would still hold.
///
/// Each test encrypts a known plaintext several times at N = 2^12, decrypts with the secret key, subtracts the
/// plaintext polynomial exactly and reads the difference on q_0 in coefficient form, centred: the noise polynomial
/// itself, one sample per coefficient.
@Suite struct FreshNoiseTests {
    static let encryptions = 8

    struct Setup {
        let context: CKKSContext
        let secretKey: SecretKey
        let publicKey: PublicKey
        let encoder: CKKSEncoder
        let decryptor: Decryptor

        init() throws {
            // The insecure_n4096_l6_s40 set: two 50-bit special primes, so P > 2^99.
            context = try CKKSContext(
                parameters: CKKSParameters(
                    logDegree: 12, levels: 6, scaleBits: 40, firstModulusBits: 50, specialModulusBits: 50,
                    specialModulusCount: 2, security: .unchecked))
            let generator = KeyGenerator(context: context)
            secretKey = try generator.secretKey()
            publicKey = try generator.publicKey(for: secretKey)
            encoder = CKKSEncoder(context: context)
            decryptor = try Decryptor(context: context, secretKey: secretKey)
        }

        /// Noise coefficients of `encryptions` fresh encryptions of one known plaintext.
        func noise(_ encryptor: Encryptor) throws -> [Double] {
            let plaintext = try encoder.encode((0..<context.slotCount).map { sin(Double($0)) })
            let q = context.modulus(level: 0)
            var samples: [Double] = []
            for _ in 0..<FreshNoiseTests.encryptions {
                let decrypted = try decryptor.decrypt(encryptor.encrypt(plaintext))
                let difference = (decrypted.polynomial - plaintext.polynomial).inverseNTT()
                samples += difference.limb(0).map { $0 > q / 2 ? -Double(q - $0) : Double($0) }
            }
            return samples
        }

        /// Number of non-zero coefficients of the secret.
        var secretWeight: Int {
            let q = context.modulus(level: 0)
            return secretKey.polynomial.truncated(toLimbs: 1).inverseNTT().limb(0).filter { $0 != 0 && $0 != q }.count
        }
    }

    /// Mean and variance of the samples.
    static func moments(_ x: [Double]) -> (mean: Double, variance: Double) {
        let mean = x.reduce(0, +) / Double(x.count)
        return (mean, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1))
    }

    /// Secret-key encryption: c = (−a·s + e + m, a), so c_0 + c_1·s − m = e, one discrete Gaussian draw per
    /// coefficient of width σ = 3.2 (the discrete, 6σ-truncated distribution's variance differs from σ² by far less
    /// than 10^-6 relative). The n independent near-normal samples give a sample variance with standard deviation
    /// σ²·√(2/n) (1.1 % for n = 32768); the test allows five of them.
    @Test func secretKeyEncryptionNoiseIsTheGaussianError() throws {
        let setup = try Setup()
        let samples = try setup.noise(Encryptor(context: setup.context, secretKey: setup.secretKey))
        let n = Double(samples.count)
        let expected = SmallSampler.gaussianStandardDeviation * SmallSampler.gaussianStandardDeviation
        let (mean, variance) = Self.moments(samples)
        #expect(abs(mean) < 5 * (expected / n).squareRoot(), "mean \(mean)")
        #expect(
            abs(variance / expected - 1) < 5 * (2 / n).squareRoot(),
            "std \(variance.squareRoot()), expected \(expected.squareRoot())")
    }

    /// Public-key encryption with pk = (−a·s + e, a) over Q·P and ternary u: c'_0 = pk_0·u + e_0, c'_1 = pk_1·u + e_1,
    /// then c_i = ⌊c'_i / P⌉, i.e. c_i = (c'_i − d_i)/P with d_i = [c'_i]_P centred, uniform on (−P/2, P/2].
    /// Decryption gives
    ///     c_0 + c_1·s − m = (e·u + e_0 + e_1·s)/P − d_0/P − (d_1/P)·s.
    /// Given s with h non-zero (±1) coefficients, each coefficient of (d_1/P)·s sums h independent terms of
    /// variance 1/12 (a uniform on an interval of length 1), and d_0/P adds one more: variance (1 + h)/12. The
    /// first term has variance σ²·(2N/3 + 1 + h)/P² < 2^-160 here (P > 2^99): the RLWE errors e, e_0, e_1 vanish
    /// in the division, and what remains is the rounding of c_1 times the secret.
    ///
    /// Tolerance: within one encryption the coefficients of (d_1/P)·s are correlated through the autocorrelation
    /// A(t) of s; for a uniform ternary s, Σ_{t≠0} A(t)² ≈ (N − 1)·4N/9 ≈ h², which doubles the variance of the
    /// sample variance to 4v²/n (1.1 % for n = 32768). Five of those are allowed.
    @Test func publicKeyEncryptionNoiseIsTheRoundingOfC1TimesTheSecret() throws {
        let setup = try Setup()
        let samples = try setup.noise(Encryptor(context: setup.context, publicKey: setup.publicKey))
        let n = Double(samples.count)
        let h = setup.secretWeight
        let degree = setup.context.parameters.degree
        #expect(abs(Double(h) - 2 * Double(degree) / 3) < 5 * (Double(degree) * 2 / 9).squareRoot(), "weight \(h)")
        let expected = Double(1 + h) / 12
        let (mean, variance) = Self.moments(samples)
        #expect(abs(mean) < 5 * (2 * expected / n).squareRoot(), "mean \(mean)")
        #expect(
            abs(variance / expected - 1) < 5 * (4 / n).squareRoot(),
            "std \(variance.squareRoot()), expected \(expected.squareRoot())")
    }
}
