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
        do { try write(to: url) { try $0.append(data) } } catch let error as HEMLError { throw error } catch {
            throw .writeFailed(file: url.lastPathComponent, reason: "\(error)")
        }
    }

    /// Writes the file `produce` streams into its ``Output`` to `url` atomically (mode 0600), so that a file larger
    /// than memory never has to be held whole.
    ///
    /// - Throws: ``HEMLError/writeFailed(file:reason:)`` with the failing step and the system's reason; whatever
    ///   `produce` throws (nothing is left behind).
    package static func write(to url: URL, _ produce: (inout Output) throws -> Void) throws {
        let name = url.lastPathComponent
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/." + name + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw HEMLError.writeFailed(file: name, reason: "cannot create a temporary file (\(systemError()))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        var committed = false
        defer {
            if !closed { close(fd) }
            if !committed { unlink(temporary) }
        }
        var output = Output(fd: fd, name: name)
        try produce(&output)
        guard fsync(fd) == 0 else {
            throw HEMLError.writeFailed(file: name, reason: "fsync failed (\(systemError()))")
        }
        closed = true
        guard close(fd) == 0 else {
            throw HEMLError.writeFailed(file: name, reason: "close failed (\(systemError()))")
        }
        guard rename(temporary, url.path) == 0 else {
            throw HEMLError.writeFailed(
                file: name, reason: "cannot rename the temporary file into place (\(systemError()))")
        }
        committed = true
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// The temporary file being written.
    package struct Output {
        let fd: Int32
        let name: String
        /// Bytes appended so far.
        package private(set) var offset = 0

        /// Appends `bytes` at the end.
        package mutating func append(_ bytes: some DataProtocol & ContiguousBytes) throws(HEMLError) {
            try write(bytes, at: offset)
            offset += bytes.count
        }

        /// Writes `bytes` over bytes already appended, starting at `position`.
        ///
        /// - Precondition: `position + bytes.count <= offset`.
        package func overwrite(at position: Int, with bytes: [UInt8]) throws(HEMLError) {
            precondition(position >= 0 && position + bytes.count <= offset, "overwrite past the end")
            try write(bytes, at: position)
        }

        private func write(_ bytes: some ContiguousBytes, at position: Int) throws(HEMLError) {
            let failure: String? = bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
                var done = 0
                while done < buffer.count {
                    let written = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(position + done))
                    if written < 0 {
                        if errno == EINTR { continue }
                        return "write failed (\(AtomicFile.systemError()))"
                    }
                    done += written
                }
                return nil
            }
            if let failure { throw .writeFailed(file: name, reason: failure) }
        }
    }

    fileprivate static func systemError() -> String { String(cString: strerror(errno)) }
}
