import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file replacement: write a temporary file in the target's directory, fsync it, rename it over the
/// target, fsync the directory. Readers see either the old file or the complete new one; on any failure the
/// temporary file is removed and the target is untouched.
package enum AtomicFile {
    /// Writes `data` to `url` atomically. The file is created with mode 0600 (owner read/write).
    ///
    /// - Throws: ``HEMLError/writeFailed(file:reason:)`` with the failing step and the system's reason.
    package static func write(_ data: Data, to url: URL) throws(HEMLError) {
        let name = url.lastPathComponent
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/." + name + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw .writeFailed(file: name, reason: "cannot create a temporary file (\(systemError()))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        var committed = false
        defer {
            if !closed { close(fd) }
            if !committed { unlink(temporary) }
        }
        var offset = 0
        let failure: String? = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
            while offset < buffer.count {
                let written = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return "write failed (\(systemError()))"
                }
                offset += written
            }
            return nil
        }
        if let failure { throw .writeFailed(file: name, reason: failure) }
        guard fsync(fd) == 0 else { throw .writeFailed(file: name, reason: "fsync failed (\(systemError()))") }
        closed = true
        guard close(fd) == 0 else { throw .writeFailed(file: name, reason: "close failed (\(systemError()))") }
        guard rename(temporary, url.path) == 0 else {
            throw .writeFailed(file: name, reason: "cannot rename the temporary file into place (\(systemError()))")
        }
        committed = true
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}

/// write(2), named apart from `AtomicFile.write`.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
