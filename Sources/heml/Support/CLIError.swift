/// A failure of the tool itself (files that do not belong together, unusable paths, …), printed as
/// `heml: error: <description>` with exit status 1. Like the library errors it never carries data values.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
