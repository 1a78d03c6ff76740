import CKKS
import Foundation
import HEML

extension PublicBundle {
    /// Writes a bundle holding evaluation keys made elsewhere (a multiparty session's collective keys), in the
    /// format ``write(to:keyID:plan:generator:secretKey:columnsDigest:)`` writes: the server reads both alike.
    static func write(
        to url: URL, keyID: KeyID, plan: TrainingPlan, evaluationKeys: EvaluationKeys, columnsDigest: String
    ) throws(HEMLError) {
        try Container(
            kind: .publicBundle, fingerprint: plan.parameters.fingerprint, keyID: keyID,
            metadata: Metadata.encode(Info(plan: plan, columnsDigest: columnsDigest)),
            sections: [plan.parameters.serialized(), evaluationKeys.serialized()]
        ).write(to: url)
    }
}
