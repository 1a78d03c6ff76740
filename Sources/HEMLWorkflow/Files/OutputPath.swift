import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks made on output paths before any expensive work, so a typo fails in milliseconds, not after training.
public enum OutputPath {
    /// An absolute file URL for a command-line path.
    public static func url(_ path: String) -> URL { URL(fileURLWithPath: path) }

    /// Throws unless `url` can be created: its directory exists and is writable, and it is not a directory.
    /// With `overwrite: false`, an existing file is refused too.
    ///
    /// - Throws: ``WorkflowError/unusablePath(_:)`` naming the option and the reason.
    public static func check(_ url: URL, option: String, overwrite: Bool = true) throws(WorkflowError) {
        let fm = FileManager.default
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .unusablePath("\(option) \(name) is a directory; give a file path") }
            if !overwrite {
                throw .unusablePath("\(option) \(name) already exists; refusing to overwrite it (use --force)")
            }
        }
        let directory = url.deletingLastPathComponent()
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unusablePath("\(option) \(name): the directory \(directory.path) does not exist")
        }
        guard access(directory.path, W_OK) == 0 else {
            throw .unusablePath("\(option) \(name): the directory \(directory.path) is not writable")
        }
    }

    /// Throws unless `url` names an existing regular file.
    ///
    /// - Throws: ``WorkflowError/unusablePath(_:)``.
    public static func requireInput(_ url: URL) throws(WorkflowError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .unusablePath("cannot read \(url.lastPathComponent): no such file")
        }
        if isDirectory.boolValue { throw .unusablePath("cannot read \(url.lastPathComponent): it is a directory") }
    }

    /// Size of a written file, for reports.
    public static func size(_ url: URL) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }

    /// Removes files written earlier in a run that failed later, so nothing half-done is left behind.
    static func remove(_ urls: [URL]) {
        for url in urls { try? FileManager.default.removeItem(at: url) }
    }
}
