import Foundation

/// A sweep's results as a Markdown table, one row per set (Pareto-front sets starred).
package enum SweepTable {
    package static func markdown(_ results: [SweepResult]) -> String {
        var lines = [
            "| set | N | log QP | levels (used) | security | special primes / digits | sigmoid | iterations | bootstraps "
                + "| cores "
                + "| keygen | encrypt | train | decrypt | peak memory keygen / encrypt / train / decrypt "
                + "| public bundle | encrypted data | AUC encrypted | AUC polynomial twin | AUC exact twin "
                + "| max weight difference |",
            "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results {
            let peaks = ["keygen", "encrypt", "train", "decrypt"].map { r.peakBytes[$0].map(mebibytes) ?? "–" }
            let cells = [
                r.set.name + (r.pareto ? " ★" : ""), "2^\(r.logDegree)", "\(r.logQP)", "\(r.levels) (\(r.levelsUsed))",
                r.securityBits > 0 ? "\(r.securityBits)" : "none", "\(r.specialPrimes) / \(r.digits)", r.sigmoidName,
                "\(r.set.iterations)", "\(r.bootstraps)", "\(r.cpus)", seconds(r.keygenSeconds),
                seconds(r.encryptSeconds),
                seconds(r.trainSeconds), seconds(r.decryptSeconds), peaks.joined(separator: " / "),
                mebibytes(r.publicBundleBytes), mebibytes(r.encryptedDataBytes),
                String(format: "%.4f", r.encryptedAUC), String(format: "%.4f", r.polynomialTwinAUC),
                String(format: "%.4f", r.exactTwinAUC), String(format: "%.1e", r.maxWeightDifference),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func seconds(_ value: Double) -> String { String(format: value < 10 ? "%.2f s" : "%.1f s", value) }
    private static func mebibytes(_ bytes: Int) -> String {
        String(format: bytes < 10 << 20 ? "%.1f MiB" : "%.0f MiB", Double(bytes) / 1_048_576)
    }
}
