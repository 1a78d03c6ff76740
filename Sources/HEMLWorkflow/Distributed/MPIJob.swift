#if MPI
    import CKKS
    import CMPIShim
    import HEML
    import Synchronization

    /// This process's place in an MPI job, through the C shim: the reduction of partial sums (the raw residues
    /// with addition mod q_i as a custom operation, by an allreduce or, for a large gradient, a reduce-scatter and
    /// an allgather), a broadcast from rank 0, a gather of timings, finalize and abort. MPI calls come from the
    /// training loop's thread only (funnelled).
    final class MPIJob: GradientReducer, WorkerJob, Sendable {
        let rank: Int
        let size: Int
        /// Gradients of at least this many bytes (residues) go by reduce-scatter + allgather, smaller ones by one
        /// allreduce (``TrainingWorkers/reduceScatterThreshold`` unless set).
        let reduceScatterAbove: Int
        private let exchange = Mutex<GradientExchange?>(nil)

        private init(rank: Int, size: Int, reduceScatterAbove: Int) {
            self.rank = rank
            self.size = size
            self.reduceScatterAbove = reduceScatterAbove
        }

        /// Initialises MPI (once per process).
        ///
        /// - Throws: ``WorkflowError/distributedFailure(_:)`` when MPI cannot start.
        static func start(reduceScatterAbove: Int) throws(WorkflowError) -> MPIJob {
            var rank: Int32 = 0, size: Int32 = 0
            try check(heml_mpi_init(&rank, &size), "MPI_Init")
            return MPIJob(rank: Int(rank), size: Int(size), reduceScatterAbove: reduceScatterAbove)
        }

        /// The exchange for a gradient of `bytes` bytes of residues.
        func algorithm(bytes: Int) -> heml_mpi_algorithm {
            bytes >= reduceScatterAbove ? HEML_MPI_REDUCE_SCATTER_ALLGATHER : HEML_MPI_ALLREDUCE
        }

        /// Agrees on the ciphertexts' shape (ranks without row blocks have none: they contribute zeros of it), then
        /// sums every rank's residues mod their primes in place, by the exchange their size calls for.
        func sum(_ partial: [Ciphertext]?, context: CKKSContext) throws(HEMLError) -> [Ciphertext] {
            try sum(partial, context: context, algorithm: nil)
        }

        /// ``sum(_:context:)`` by `algorithm` (nil: by the gradient's size, ``algorithm(bytes:)``).
        func sum(_ partial: [Ciphertext]?, context: CKKSContext, algorithm: heml_mpi_algorithm?) throws(HEMLError)
            -> [Ciphertext]
        {
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
                let algorithm = algorithm ?? self.algorithm(bytes: words.count * 8)
                let allreduce = algorithm == HEML_MPI_ALLREDUCE
                try Self.check(
                    heml_mpi_sum_residues(&words, allModuli.count, degree, allModuli, algorithm),
                    allreduce ? "MPI_Allreduce (gradient)" : "MPI_Reduce_scatter + MPI_Allgatherv (gradient)")
                exchange.withLock {
                    $0 = GradientExchange(
                        algorithm: allreduce ? "allreduce" : "reduce-scatter + allgather", limbs: allModuli.count,
                        bytes: words.count * 8)
                }
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

        var lastExchange: GradientExchange? { exchange.withLock { $0 } }

        func broadcast(_ bytes: [UInt8]?) throws(WorkflowError) -> [UInt8]? {
            // [present, count] first, so the other ranks can size their buffer.
            var header: [UInt64] = [bytes == nil ? 0 : 1, UInt64(bytes?.count ?? 0)]
            let status = header.withUnsafeMutableBytes {
                heml_mpi_broadcast_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), $0.count)
            }
            try Self.check(status, "MPI_Bcast (size)")
            guard header[0] == 1 else { return nil }
            var received = bytes ?? [UInt8](repeating: 0, count: Int(header[1]))
            try Self.check(heml_mpi_broadcast_bytes(&received, received.count), "MPI_Bcast (bytes)")
            return received
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
