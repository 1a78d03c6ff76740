import Foundation

/// libFuzzer's driver (from -sanitize=fuzzer): parses the libFuzzer flags and feeds inputs to `callback`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target this process fuzzes.
nonisolated(unsafe) private var selected = FuzzTarget.parameters

/// Picks the target from `HEML_FUZZ_TARGET` (set by scripts/fuzz.sh) and hands over to libFuzzer, or with
/// `HEML_FUZZ_WRITE_CORPUS=<dir>` writes the seed corpus of every target into `<dir>/<target>/`. With
/// `HEML_FUZZ_SEEDS=<dir>`, a container target first writes its seeds (made with this process's key set) there.
///
/// Each input must return normally whatever its bytes: a thrown error is a refusal, which is fine; a trap, a
/// sanitizer report, a hang or a huge allocation is a finding.
@main
enum HEMLFuzz {
    static func main() {
        let environment = ProcessInfo.processInfo.environment
        if let directory = environment["HEML_FUZZ_WRITE_CORPUS"] {
            do { try SeedCorpus.write(to: URL(fileURLWithPath: directory)) } catch {
                FileHandle.standardError.write(Data("heml-fuzz: cannot write the corpus: \(error)\n".utf8))
                exit(1)
            }
            exit(0)
        }
        guard let name = environment["HEML_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
            FileHandle.standardError.write(Data("heml-fuzz: set HEML_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(2)
        }
        target.prepare()
        if let folder = environment["HEML_FUZZ_SEEDS"] {
            do { try SeedCorpus.write(SeedCorpus.runtimeSeeds(target), to: URL(fileURLWithPath: folder)) } catch {
                FileHandle.standardError.write(Data("heml-fuzz: cannot write the seeds: \(error)\n".utf8))
                exit(1)
            }
        }
        selected = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(
            runDriver(&argc, &argv) { data, count in
                selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
                return 0
            })
    }
}
