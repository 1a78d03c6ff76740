import HEMLWorkflow

/// The command lines each multiparty step prints as what to run next.
enum SessionNext {
    /// `heml party STEP …` for `party`, with placeholders for its own files.
    static func party(_ step: SessionParty.Step, party: String, session: String) -> String {
        var line = "heml party \(step.rawValue) --session \(session) --party \(party) --secret-share \(party).hemlsk"
        if step.readsData { line += " --data \(party).csv" }
        if step == .release { line += " --model model.hemlenc" }
        return line
    }

    /// `heml aggregate STEP …`.
    static func aggregate(_ step: SessionAggregator.Step, session: String) -> String {
        let line = "heml aggregate \(step.rawValue) --session \(session)"
        switch step {
        case .keys: return line
        case .bundle: return line + " --out server.hemlpub"
        case .dataset: return line + " --out data.hemlenc"
        case .model: return line + " --model model.hemlenc --out model.json"
        }
    }

    /// What follows `party`'s `step`: its own next step, or the aggregator's once every party has run it (a
    /// differentially private session has no Gram round: `withPrivacy`).
    static func afterParty(_ step: SessionParty.Step, party name: String, session: String, withPrivacy: Bool)
        -> [String]
    {
        let own = { (next: SessionParty.Step) in party(next, party: name, session: session) }
        switch step {
        case .keys: return [aggregate(.keys, session: session)]
        case .round2: return [aggregate(.bundle, session: session), own(.statisticsShare)]
        case .statisticsShare: return [own(withPrivacy ? .encrypt : .gram)]
        case .gram: return [own(.gramShare)]
        case .gramShare: return [own(.encrypt)]
        case .encrypt: return [aggregate(.dataset, session: session)]
        case .release: return [aggregate(.model, session: session)]
        }
    }

    /// What follows the aggregator's `step`.
    static func afterAggregate(_ step: SessionAggregator.Step, parties: [String], session: String) -> [String] {
        switch step {
        case .keys: return parties.map { party(.round2, party: $0, session: session) }
        case .bundle: return ["give server.hemlpub to the server; the parties go on with their statistics-share step"]
        case .dataset:
            return [
                "server: heml train --dataset data.hemlenc --public-bundle server.hemlpub --out model.hemlenc",
                "then every party: " + party(.release, party: parties[0], session: session),
            ]
        case .model: return ["anyone: heml score new.csv --model model.json --out scores.csv"]
        }
    }
}
