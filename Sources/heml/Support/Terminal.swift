import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output and error, and whether they are terminals.
enum Terminal {
    /// A stream that writes UTF-8 text unbuffered to a file descriptor.
    struct Stream: Sendable {
        let descriptor: Int32

        func write(_ text: String) {
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes {
                    posixWrite(descriptor, $0.baseAddress! + offset, $0.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }

        /// Whether the stream is a terminal (then live progress rewrites lines in place).
        var isTerminal: Bool { isatty(descriptor) == 1 }
    }

    static let standardOutput = Stream(descriptor: STDOUT_FILENO)
    static let standardError = Stream(descriptor: STDERR_FILENO)
}

/// write(2), named apart from `Stream.write`.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
