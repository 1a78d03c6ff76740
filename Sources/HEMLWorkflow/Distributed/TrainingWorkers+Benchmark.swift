import CKKS
import Dispatch
import Foundation
import HEML

extension TrainingWorkers {
    /// Times the reduction of one ciphertext of the bundle's parameters at their top level (pseudo-random residues,
    /// 2 components), `repeats` times after one warm-up, for the MPI scaling benchmark.
    ///
    /// - Returns: the ciphertext's size in bytes (residues) and the seconds of each reduction on this process.
    /// - Throws: ``WorkflowError`` for an unreadable bundle or a failed reduction.
    package func timeReduction(publicBundle url: URL, repeats: Int) throws(WorkflowError) -> (Int, [Double]) {
        let bundle = try PublicBundle(reading: url, evaluationKeys: false, allowInsecure: true)
        let context = bundle.context, level = context.maxLevel
        let moduli = Ciphertext.limbModuli(level: level, size: 2, context: context)
        let degree = context.parameters.degree
        var state = UInt64(rank + 1) &* 0x9E37_79B9_7F4A_7C15
        var words = [UInt64](repeating: 0, count: moduli.count * degree)
        for (l, q) in moduli.enumerated() {
            for j in 0..<degree {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                words[l * degree + j] = state % q
            }
        }
        let ciphertext = try bridged {
            try Ciphertext(residueWords: words, level: level, size: 2, scale: context.defaultScale, context: context)
        }
        var seconds: [Double] = []
        for i in 0...repeats {
            let begun = DispatchTime.now().uptimeNanoseconds
            _ = try bridged { try reducer.sum([ciphertext], context: context) }
            if i > 0 { seconds.append(Double(DispatchTime.now().uptimeNanoseconds - begun) / 1e9) }
        }
        return (words.count * 8, seconds)
    }
}
