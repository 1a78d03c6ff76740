/// The version of the heml ML layer, written into every model file.
public enum HEMLVersion {
    /// Semantic version string.
    public static let string = "0.1.0"
}
