import ArgumentParser
import Foundation
import HEML
import HEMLWorkflow

/// `heml train --encrypted FILE --parties N`: the one-process multiparty run (every bank, the aggregator and the
/// server on this machine), with each role's time.
extension TrainCommand {
    /// Refuses options the multiparty run does not take.
    func validateParties(_ parties: Int) throws {
        guard csv != nil else { throw ValidationError("--parties belongs to the all-in-one run (--encrypted FILE)") }
        guard (2...64).contains(parties) else { throw ValidationError("--parties must be 2 … 64") }
        guard case .zScore(.some) = data.scalingMethod else {
            throw ValidationError(
                "--parties needs the clipped z-score (the default): banks share sums, and the union's min and max "
                    + "do not add up")
        }
        if report != nil { throw ValidationError("--report is not available with --parties") }
    }

    func runParties(_ parties: Int, csv: String) throws {
        let clip: Double = if case .zScore(let c?) = data.scalingMethod { c } else { 4 }
        let result = try MultipartyAllInOne.train(
            csv: OutputPath.url(csv), parties: parties, test: test.map(OutputPath.url),
            modelOut: modelOut.map(OutputPath.url), read: data.readOptions, clip: clip,
            preconditioned: data.precondition, plan: plan.request(),
            privacy: privacy.release(preconditioned: data.precondition), colluders: privacy.colluders,
            releaseFlooding: floodRelease, observer: output.progress())
        output.emit(json: partiesJSON(result), text: partiesText(result))
    }

    private func partiesJSON(_ report: MultipartyAllInOne.Report) -> JSONValue {
        let comparison = report.comparison
        return .object([
            ("command", "train"),
            ("mode", "multiparty"),
            ("source", .optional(report.raw.source)),
            ("rows", .int(report.raw.rowCount)),
            ("features", .int(report.raw.featureCount)),
            ("parties", .array(report.partyRows.map(JSONValue.int))),
            ("parameters", Reports.parameters(report.plan.parameterSummary)),
            ("plan", Reports.plan(report.plan)),
            ("timings", Reports.timings(report.timings)),
            ("party_timings", .array(report.partyTimings.map(Reports.timings))),
            ("aggregator_timings", Reports.timings(report.aggregatorTimings)),
            ("server_seconds", .seconds(report.serverSeconds)),
            ("release_precision_bits", report.releasePrecisionBits.map(JSONValue.double) ?? .null),
            (
                "differential_privacy",
                PrivacyOptions.json(report.privacy?.calibration, sharing: report.privacy?.sharing)
            ),
            ("train_auc", .double(comparison.training[0].auc)),
            ("test_auc", comparison.test.map { .double($0[0].auc) } ?? .null),
            ("max_weight_difference", .double(comparison.maxWeightDifference)),
            ("model_out", .optional(modelOut.map { OutputPath.url($0).path })),
        ])
    }

    private func partiesText(_ report: MultipartyAllInOne.Report) -> String {
        let comparison = report.comparison, plan = report.plan
        var lines = """
            Multiparty encrypted logistic regression on \(report.raw.source ?? "the data"): \(report.raw.rowCount) \
            rows × \(report.raw.featureCount) features split into \(report.partyRows.count) banks \
            (\(report.partyRows.map(String.init).joined(separator: " + ")) rows), \(plan.iterations) iterations, \
            \(Reports.ring(plan.parameterSummary))

            """
        lines += "train AUC \(Format.fixed(comparison.training[0].auc))"
        if let test = comparison.test { lines += ", test AUC \(Format.fixed(test[0].auc))" }
        lines +=
            "\nlargest |jointly released − polynomial twin| weight difference: "
            + "\(Format.scientific(comparison.maxWeightDifference)) (scaled units)\n"
        if let bits = report.releasePrecisionBits {
            lines += "model shares flooded: the released weights keep about \(Format.fixed(bits)) bits\n"
        } else {
            lines += "model shares not flooded: every bank sees the weights' exact decryption (--flood-release)\n"
        }
        if let privacy = report.privacy {
            lines += privacy.calibration.summary + "\n" + privacy.sharing.summary(privacy.calibration.budget) + "\n"
        }
        for (p, timings) in report.partyTimings.enumerated() {
            lines += "bank \(p + 1): " + Reports.timingsText(timings) + "\n"
        }
        lines += "aggregator: " + Reports.timingsText(report.aggregatorTimings) + "\n"
        lines += "server: train \(Format.duration(report.serverSeconds))\n"
        lines += "timings: " + Reports.timingsText(report.timings) + "\n"
        if let modelOut { lines += "model written to \(OutputPath.url(modelOut).path)\n" }
        return lines
    }
}
