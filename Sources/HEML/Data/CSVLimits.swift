/// Sizes past which ``CSVReader`` refuses a file (``HEMLError/CSVProblem/tooLarge(_:)``) instead of allocating
/// for it, so whatever a file holds, the reader's memory stays within about 16 bytes per cell (``maximumCells``)
/// plus one record (``maximumRecordBytes``).
public enum CSVLimits {
    /// Longest field, in bytes: 64 KiB.
    public static let maximumFieldBytes = 1 << 16
    /// Longest record (all its fields and separators, line breaks inside quotes included), in bytes: 16 MiB.
    public static let maximumRecordBytes = 1 << 24
    /// Most fields per record: ``FeatureScaling/maximumFeatureCount`` features and a label.
    public static let maximumColumns = FeatureScaling.maximumFeatureCount + 1
    /// Most cells (features and labels of every data row), 2^27: 1 GiB as Float64.
    public static let maximumCells = 1 << 27
}
