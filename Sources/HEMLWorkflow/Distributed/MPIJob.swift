#if MPI
    import CKKS
    import CMPIShim
    import HEML

    /// This process's place in an MPI job, through the C shim: the reduction of partial sums (an allreduce of raw
    /// residues with addition mod q_i as a custom operation), a gather of timings, finalize and abort. MPI calls
    /// come from the training loop's thread only (funnelled).
    final class MPIJob: GradientReducer, WorkerJob, Sendable {
        let rank: Int
        let size: Int

        private init(rank: Int, size: Int) {
            self.rank = rank
            self.size = size
        }

        /// Initialises MPI (once per process).
        ///
        /// - Throws: ``WorkflowError/distributedFailure(_:)`` when MPI cannot start.
        static func start() throws(WorkflowError) -> MPIJob {
            var rank: Int32 = 0, size: Int32 = 0
            try check(heml_mpi_init(&rank, &size), "MPI_Init")
            return MPIJob(rank: Int(rank), size: Int(size))
        }

        /// Agrees on the ciphertexts' shape (ranks without row blocks have none: they contribute zeros of it), then
        /// sums every rank's residues mod their primes in place.
        func sum(_ partial: [Ciphertext]?, context: CKKSContext) throws(HEMLError) -> [Ciphertext] {
            do {
                // [has rows, level, size, scale bits, ciphertexts]: equal on every rank with rows, zero elsewhere.
                var shape: [UInt64] =
                    partial.map {
                        [1, UInt64($0[0].level), UInt64($0[0].size), $0[0].scale.bitPattern, UInt64($0.count)]
                    } ?? [0, 0, 0, 0, 0]
                try Self.check(heml_mpi_allreduce_max(&shape, Int32(shape.count)), "MPI_Allreduce (shape)")
                guard shape[0] == 1 else { throw HEMLError.invalidArgument("no row block to train on") }
                let level = Int(shape[1]), components = Int(shape[2]), count = Int(shape[4])
                let scale = Double(bitPattern: shape[3])
                let moduli = Ciphertext.limbModuli(level: level, size: components, context: context)
                let degree = context.parameters.degree
                let perCiphertext = moduli.count * degree
                var words = partial?.flatMap(\.residueWords) ?? Array(repeating: 0, count: count * perCiphertext)
                let allModuli = Array(repeatElement(moduli, count: count).joined())
                try Self.check(
                    heml_mpi_allreduce_residues(&words, allModuli.count, degree, allModuli), "MPI_Allreduce (gradient)")
                return try (0..<count).map { i throws(CKKSError) in
                    try Ciphertext(
                        residueWords: Array(words[(i * perCiphertext)..<((i + 1) * perCiphertext)]), level: level,
                        size: components, scale: scale, context: context)
                }
            } catch let error as HEMLError {
                throw error
            } catch let error as CKKSError {
                throw .encryption(error)
            } catch {
                throw .invalidArgument(String(describing: error))
            }
        }

        func gather(_ values: [Double]) throws(WorkflowError) -> [[Double]] {
            var all = [Double](repeating: 0, count: rank == 0 ? values.count * size : 1)
            try Self.check(heml_mpi_gather_doubles(values, Int32(values.count), &all), "MPI_Gather")
            guard rank == 0 else { return [] }
            return (0..<size).map { Array(all[($0 * values.count)..<(($0 + 1) * values.count)]) }
        }

        func finish() { _ = heml_mpi_finalize() }

        func abort(code: Int32) { heml_mpi_abort(code) }

        /// - Throws: ``WorkflowError/distributedFailure(_:)`` naming the call and MPI's reason, unless `status` is OK.
        static func check(_ status: Int32, _ call: String) throws(WorkflowError) {
            guard status != HEML_MPI_OK else { return }
            var text = [CChar](repeating: 0, count: 512)
            heml_mpi_error_text(status, &text, text.count)
            throw .distributedFailure(
                "\(call) failed (\(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))): a rank was lost or MPI failed; the job ends here — "
                    + "restart it with --resume to continue from the last checkpoint")
        }
    }
#endif
