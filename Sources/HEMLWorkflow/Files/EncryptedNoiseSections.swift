import CKKS
import HEML

extension EncryptedGradientNoise {
    /// The noise stored as `ciphertexts` in a file named `file`, iteration major, one per feature block of `plan`'s
    /// layout, checked as the server will use it: `plan.iterations` iterations, every ciphertext of degree 1 at the
    /// top level and the default scale (fresh encryptions and their sums), so that it can be brought to the level of
    /// any iteration's weights.
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` for another count, level, scale or degree.
    static func restored(_ ciphertexts: [Ciphertext], plan: TrainingPlan, context: CKKSContext, file: String)
        throws(WorkflowError) -> EncryptedGradientNoise
    {
        let blocks = plan.layout.featureBlocks
        guard ciphertexts.count == plan.iterations * blocks else {
            throw .invalidFile(
                file: file,
                reason: "expected \(plan.iterations * blocks) noise ciphertext(s) (\(plan.iterations) iterations × "
                    + "\(blocks) feature block(s)), found \(ciphertexts.count)")
        }
        guard
            ciphertexts.allSatisfy({
                $0.size == 2 && $0.level == context.maxLevel && $0.scale == context.defaultScale
            })
        else {
            throw .invalidFile(
                file: file, reason: "its noise is not fresh encryptions (top level, default scale, degree 1)")
        }
        return try bridged {
            try EncryptedGradientNoise(
                layout: plan.layout,
                blocks: stride(from: 0, to: ciphertexts.count, by: blocks).map { Array(ciphertexts[$0..<$0 + blocks]) })
        }
    }
}
