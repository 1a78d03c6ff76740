import CKKS

/// Stored as the request that made the plan (rows, features, iterations, learning rate, step offset (absent in
/// files from before it existed: 0), sigmoid, ring degree,
/// reserved levels, whether the security check was off, the key budget (absent in files from before it: the default))
/// and the layout it produced. Decoding plans again with
/// ``TrainingPlan/make(rows:features:iterations:sigmoid:learningRate:stepOffset:logDegree:reservedLevels:security:)`` and
/// refuses a stored layout the planner does not reproduce; the reader of a file that also stores the CKKS
/// parameters compares them with ``TrainingPlan/parameters``. A bootstrapping plan also stores its chain and
/// bootstrapper settings (checked like ``BootstrapConfiguration``'s initializer) and where its bootstraps fall,
/// which must be where the planner places them.
extension TrainingPlan: Codable {
    enum CodingKeys: String, CodingKey {
        case rows, features, iterations, learningRate = "learning_rate", stepOffset = "step_offset", sigmoid,
            logDegree = "log_degree"
        case reservedLevels = "reserved_levels", insecure, layout, bootstrapping
        case bootstrapAfter = "bootstrap_after", keyBudget = "key_budget_bytes"
    }

    /// - Throws: `DecodingError` for a missing or mistyped field, or a plan the checking initializer refuses.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let insecure = try values.decode(Bool.self, forKey: .insecure)
        let rows = try values.decode(Int.self, forKey: .rows), features = try values.decode(Int.self, forKey: .features)
        let iterations = try values.decode(Int.self, forKey: .iterations)
        let logDegree = try values.decode(Int.self, forKey: .logDegree)
        let reservedLevels = try values.decode(Int.self, forKey: .reservedLevels)
        let security: SecurityPolicy = insecure ? .unchecked : .classical128
        let bootstrapping = try values.decodeIfPresent(StoredBootstrapConfiguration.self, forKey: .bootstrapping)
            .map { stored throws(HEMLError) in try stored.configuration(security: security) }
        let plan = try TrainingPlan.make(
            rows: rows, features: features, iterations: iterations,
            sigmoid: values.decode(SigmoidApproximation.self, forKey: .sigmoid),
            learningRate: values.decode(Double.self, forKey: .learningRate),
            stepOffset: values.decodeIfPresent(Double.self, forKey: .stepOffset) ?? 0, logDegree: logDegree,
            reservedLevels: reservedLevels, security: security, bootstrapping: bootstrapping,
            keyBudget: values.decodeIfPresent(Int.self, forKey: .keyBudget) ?? TrainingPlan.keyBudgetBytes)
        guard try values.decode(SlotLayout.self, forKey: .layout) == plan.layout else {
            throw HEMLError.invalidArgument(
                "the stored plan does not reproduce its slot layout " + "(written by another heml version, or edited)")
        }
        guard try values.decodeIfPresent([Int].self, forKey: .bootstrapAfter) == plan.bootstrapping?.positions else {
            throw HEMLError.invalidArgument(
                "the stored plan does not reproduce where its bootstraps fall (written by another heml version, or edited)"
            )
        }
        self = plan
    }

    /// - Throws: `EncodingError` only if the encoder refuses a value.
    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(layout.rowCount, forKey: .rows)
        try values.encode(layout.width - 1, forKey: .features)
        try values.encode(iterations, forKey: .iterations)
        try values.encode(learningRate, forKey: .learningRate)
        try values.encode(stepOffset, forKey: .stepOffset)
        try values.encode(sigmoid, forKey: .sigmoid)
        try values.encode(parameters.logDegree, forKey: .logDegree)
        try values.encode(reservedLevels, forKey: .reservedLevels)
        try values.encode(parameters.security == .unchecked, forKey: .insecure)
        try values.encode(layout, forKey: .layout)
        try values.encode(keyBudget, forKey: .keyBudget)
        if let bootstrapping {
            try values.encode(StoredBootstrapConfiguration(bootstrapping.configuration), forKey: .bootstrapping)
            try values.encode(bootstrapping.positions, forKey: .bootstrapAfter)
        }
    }
}
