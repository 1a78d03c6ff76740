import CKKS

/// A ``BootstrapConfiguration`` as a plan file stores it: the chain itself (ring degree, primes, scale, secret,
/// primes per digit) and the bootstrapper's settings (including encapsulation, input boost and CoeffToSlot rise),
/// as raw numbers. They are validated only when turned back into
/// a configuration under the plan's security policy: at most ``CKKSParameters/maximumPrimeCount`` primes, then
/// every check of ``CKKSParameters`` and ``BootstrapConfiguration``.
struct StoredBootstrapConfiguration: Codable, Equatable {
    let logDegree: Int
    let moduli: [UInt64]
    let specialModuli: [UInt64]
    let scale: Double
    let hammingWeight: Int?
    let primesPerDigit: Int
    let dataLevel: Int
    let coeffToSlotBudget: Int
    let slotToCoeffBudget: Int
    let evalModBound: Double
    let evalModDegree: Int
    let evalModDoublings: Int
    let ephemeralSecretWeight: Int?
    let inputBoost: Int64
    let coeffToSlotRise: Double

    enum CodingKeys: String, CodingKey {
        case logDegree = "log_degree", moduli, specialModuli = "special_moduli", scale
        case hammingWeight = "hamming_weight", primesPerDigit = "primes_per_digit", dataLevel = "data_level"
        case coeffToSlotBudget = "coeff_to_slot_budget", slotToCoeffBudget = "slot_to_coeff_budget"
        case evalModBound = "eval_mod_bound", evalModDegree = "eval_mod_degree", evalModDoublings = "eval_mod_doublings"
        case ephemeralSecretWeight = "ephemeral_secret_weight", inputBoost = "input_boost"
        case coeffToSlotRise = "coeff_to_slot_rise"
    }

    init(_ configuration: BootstrapConfiguration) {
        let parameters = configuration.parameters
        logDegree = parameters.logDegree
        moduli = parameters.ciphertextModuli
        specialModuli = parameters.specialModuli
        scale = parameters.scale
        if case .sparseTernary(let h) = parameters.secret { hammingWeight = h } else { hammingWeight = nil }
        primesPerDigit = parameters.primesPerDigit
        dataLevel = configuration.dataLevel
        coeffToSlotBudget = configuration.coeffToSlotBudget
        slotToCoeffBudget = configuration.slotToCoeffBudget
        evalModBound = configuration.evalModBound
        evalModDegree = configuration.evalModDegree
        evalModDoublings = configuration.evalModDoublings
        ephemeralSecretWeight = configuration.ephemeralSecretWeight
        inputBoost = configuration.inputBoost
        coeffToSlotRise = configuration.coeffToSlotRise
    }

    /// - Throws: ``HEMLError/invalidArgument(_:)`` for too many primes or a setting out of range;
    ///   ``HEMLError/encryption(_:)`` for parameters ``CKKSParameters`` refuses.
    func configuration(security: SecurityPolicy) throws(HEMLError) -> BootstrapConfiguration {
        guard moduli.count + specialModuli.count <= CKKSParameters.maximumPrimeCount else {
            throw .invalidArgument("a chain has at most \(CKKSParameters.maximumPrimeCount) primes")
        }
        let parameters = try ckks { () throws(CKKSError) in
            try CKKSParameters(
                logDegree: logDegree, ciphertextModuli: moduli, specialModuli: specialModuli, scale: scale,
                secret: hammingWeight.map { .sparseTernary(hammingWeight: $0) } ?? .ternary,
                primesPerDigit: primesPerDigit, security: security)
        }
        return try BootstrapConfiguration(
            parameters: parameters, coeffToSlotBudget: coeffToSlotBudget, slotToCoeffBudget: slotToCoeffBudget,
            evalModBound: evalModBound, evalModDegree: evalModDegree, evalModDoublings: evalModDoublings,
            dataLevel: dataLevel, ephemeralSecretWeight: ephemeralSecretWeight, inputBoost: inputBoost,
            coeffToSlotRise: coeffToSlotRise)
    }
}
