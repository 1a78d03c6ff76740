import CKKS
import Foundation
import HEML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A regular file open for reading at offsets, so that a section too large to hold (the evaluation keys) is read
/// piece by piece as it is parsed, never whole. Closed when released.
final class OpenFile: Sendable {
    let name: String
    /// Bytes in the file when it was opened.
    let size: Int
    private let fd: Int32

    /// - Throws: ``HEMLError/fileUnreadable(file:reason:)`` when it is missing, a directory or unreadable.
    init(_ url: URL) throws(HEMLError) {
        name = url.lastPathComponent
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot read (\(String(cString: strerror(errno))))"
            throw .fileUnreadable(file: name, reason: reason)
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            close(fd)
            throw .fileUnreadable(file: name, reason: "cannot read (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw .fileUnreadable(file: name, reason: "it is a directory")
        }
        self.fd = fd
        size = Int(status.st_size)
    }

    deinit { close(fd) }

    /// The bytes in `range` (within the file).
    ///
    /// - Throws: ``WorkflowError/invalidFile(file:reason:)`` when they cannot be read (the file shrank, an I/O
    ///   error).
    func read(_ range: Range<Int>) throws(WorkflowError) -> [UInt8] {
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            while initialized < range.count {
                let got = pread(
                    fd, buffer.baseAddress! + initialized, range.count - initialized,
                    off_t(range.lowerBound + initialized))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    failure = got == 0 ? "the file ended early" : "read failed (\(String(cString: strerror(errno))))"
                    return
                }
                initialized += got
            }
        }
        if let failure { throw .invalidFile(file: name, reason: failure) }
        return bytes
    }

    /// Section `range` of the file, for a CKKS reader.
    func section(_ range: Range<Int>) -> Section { Section(file: self, range: range) }

    /// A range of the file read on demand by a CKKS reader.
    struct Section: SerializedSource {
        let file: OpenFile
        let range: Range<Int>

        var count: Int { range.count }

        func bytes(in part: Range<Int>) throws(CKKSError) -> [UInt8] {
            do {
                return try file.read((range.lowerBound + part.lowerBound)..<(range.lowerBound + part.upperBound))
            } catch { throw .malformedData(error.description) }
        }
    }
}
