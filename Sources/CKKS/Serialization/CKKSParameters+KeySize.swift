extension CKKSParameters {
    /// Bytes one key-switching key over q_0 … q_L and P takes in an evaluation-keys file (``SerializationFormat``):
    /// per digit a 32-byte seed and b_j, residues packed at each prime's width. A public bundle holds one per
    /// evaluation key.
    public var serializedKeySwitchingKeyBytes: Int {
        let polynomial = (ciphertextModuli + specialModuli).reduce(0) { total, q in
            total + SerializationFormat.packedLimbSize(degree: degree, bits: UInt64.bitWidth - q.leadingZeroBitCount)
        }
        return digitCount * (SerializationFormat.seedSize + polynomial)
    }
}
