import HEMLWorkflow

extension Reports {
    /// The server run's processes: count, row blocks and per-iteration compute and communication seconds of each
    /// (rank order), the checkpoint resumed.
    static func workers(_ run: TrainingRunReport) -> JSONValue {
        .object([
            ("count", .int(run.workers)),
            ("resumed_from", run.resumedFrom.map(JSONValue.int) ?? .null),
            ("iterations_done", .int(run.iterationsDone)),
            (
                "exchange",
                run.exchange.map {
                    .object([
                        ("algorithm", .string($0.algorithm)), ("limbs", .int($0.limbs)), ("bytes", .int($0.bytes)),
                    ])
                } ?? .null
            ),
            (
                "ranks",
                .array(
                    run.compute.indices.map { rank in
                        .object([
                            ("rank", .int(rank)),
                            (
                                "row_blocks",
                                .array([.int(run.rowBlocks[rank].lowerBound), .int(run.rowBlocks[rank].upperBound)])
                            ),
                            ("compute_seconds", .array(run.compute[rank].map(JSONValue.seconds))),
                            ("communication_seconds", .array(run.communication[rank].map(JSONValue.seconds))),
                        ])
                    })
            ),
        ])
    }

    /// One line per process for a run of several (`rank 1 (row blocks 3..<6): compute 1.2 s, communication 0.1 s
    /// per iteration (mean)`), a resumption line, or nothing.
    static func workersText(_ run: TrainingRunReport) -> String {
        var lines = run.resumedFrom.map { "resumed after iteration \($0)\n" } ?? ""
        guard run.workers > 1 else { return lines }
        if let exchange = run.exchange {
            lines +=
                "gradient exchange: \(exchange.algorithm) of \(exchange.limbs) limbs (\(Format.bytes(exchange.bytes)))\n"
        }
        for rank in run.compute.indices {
            let n = Double(max(run.compute[rank].count, 1))
            lines +=
                "rank \(rank) (row blocks \(run.rowBlocks[rank])): compute "
                + "\(Format.duration(run.compute[rank].reduce(0, +) / n)), communication "
                + "\(Format.duration(run.communication[rank].reduce(0, +) / n)) per iteration (mean)\n"
        }
        return lines
    }
}
